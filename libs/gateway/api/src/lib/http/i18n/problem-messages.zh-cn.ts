/**
 * Chinese (zh-CN) wording of every stable error code: the problem codes (`code`, worded into
 * `title` and `detail`) and the field codes (`errors[].code`, worded into `errors[].message`),
 * the class-validator constraints included. The services and the gateway raise errors in English;
 * the problem+json filter words them here from the code, so the codes stay the contract and the
 * language is the client's choice. A code with no entry would reach Chinese clients in English:
 * apps/embedded/src/problem-messages.spec.ts enumerates every service's codes against this table.
 *
 * An entry is a text with `{name}` placeholders, or a function of the values: for a field error
 * `label` (the field as users see it) and its `params`; for a problem its `details`.
 */
export type MessageValues = Readonly<Record<string, unknown>>;
export type MessageTemplate = string | ((values: MessageValues) => string);

const has = (v: MessageValues, name: string): boolean => v[name] !== undefined && v[name] !== null && v[name] !== '';
const lengthRule = (v: MessageValues): string =>
  has(v, 'min') && has(v, 'max') ? `${v.label}长度须为 ${v.min}–${v.max} 个字符。` : has(v, 'max') ? `${v.label}最多 ${v.max} 个字符。` : `${v.label}长度不符合要求。`;
const tooLong = (v: MessageValues): string => (has(v, 'max') ? `${v.label}最多 ${v.max} 个字符。` : `${v.label}过长。`);

const RECOGNITION_STATUS: Record<string, string> = { recognised: '认定通过', rejected: '认定不通过' };
const INSTITUTION_STATUS: Record<string, string> = { active: '已通过', rejected: '已驳回' };

export const PROBLEM_MESSAGES_ZH_CN: Readonly<Record<string, MessageTemplate>> = {
  // The gateway and the HTTP layer
  'VALIDATION.INVALID_INPUT': '请求中有字段不符合要求。',
  'HTTP.BAD_REQUEST': '请求无效。',
  'HTTP.NOT_FOUND': '请求的资源不存在。',
  'HTTP.METHOD_NOT_ALLOWED': '不支持该请求方法。',
  'HTTP.NOT_ACCEPTABLE': '无法以所请求的格式应答。',
  'HTTP.PAYLOAD_TOO_LARGE': '请求内容过大。',
  'HTTP.UNSUPPORTED_MEDIA_TYPE': '不支持该内容类型。',
  'HTTP.TOO_MANY_REQUESTS': '请求过于频繁，请稍后再试。',
  'AUTH.UNAUTHENTICATED': '请先登录。',
  'AUTH.FORBIDDEN': '该账户无权进行此操作。',
  'AUTH.TOKEN_MISSING': '需要 Bearer 访问令牌。',
  'AUTH.TOKEN_INVALID': '访问令牌无效或已过期，请重新登录。',
  'GATEWAY.SERVICE_TIMEOUT': '服务未能及时响应，请稍后再试。',
  'GATEWAY.SERVICE_UNAVAILABLE': '服务暂不可用，请稍后再试。',
  'INTERNAL.UNEXPECTED': '发生意外错误，请稍后再试。',
  'EVENT_STORE.WRONG_EXPECTED_REVISION': '数据正被同时修改，请重试。',
  'BLOB_STORE.INVALID_KEY': '文件存储位置无效。',
  'REFERENCE.REGION_NOT_FOUND': '没有该行政区划代码（GB/T 2260）。',

  // identity: problems
  'IDENTITY.REGISTRATION_INVALID': '注册信息有误，请按提示修改。',
  'IDENTITY.PASSWORD_INVALID': '新密码不符合要求。',
  'IDENTITY.ACCOUNT_ALREADY_REGISTERED': '该账户已注册。',
  'IDENTITY.ACCOUNT_NOT_FOUND': '账户不存在。',
  'IDENTITY.CURRENT_PASSWORD_INCORRECT': '当前密码不正确。',
  'IDENTITY.PASSWORD_UNCHANGED': '新密码不能与当前密码相同。',
  'IDENTITY.INVALID_CREDENTIALS': '账号或密码不正确。',
  'IDENTITY.TOO_MANY_ATTEMPTS': '登录失败次数过多，请稍后再试。',
  'IDENTITY.USERNAME_TAKEN': '该用户名已被注册。',
  'IDENTITY.MOBILE_TAKEN': '该手机号码已被注册。',
  'IDENTITY.EMAIL_TAKEN': '该电子邮箱已被注册。',
  'IDENTITY.ID_NUMBER_TAKEN': '该证件号码已被注册。',
  'IDENTITY.CREDIT_CODE_TAKEN': '该统一社会信用代码已被注册。',
  'IDENTITY.UNIQUE_VALUE_NOT_OWNED': '只有登记者本人才能释放该值。',
  'IDENTITY.MOBILE_INVALID': '请输入 11 位中国大陆手机号码。',
  'IDENTITY.SMS_RATE_LIMITED': (v) => (has(v, 'retryAfterSeconds') ? `验证码发送过于频繁，请 ${v.retryAfterSeconds} 秒后再试。` : '验证码发送过于频繁，请稍后再试。'),
  'IDENTITY.SMS_CODE_INVALID': '短信验证码不正确。',
  'IDENTITY.SMS_CODE_EXPIRED': '短信验证码已过期，请重新获取。',
  'IDENTITY.SMS_CODE_USED': '短信验证码已使用，请重新获取。',
  'IDENTITY.SMS_CODE_ATTEMPTS_EXCEEDED': '验证码输错次数过多，请重新获取。',
  'IDENTITY.SMS_UNAVAILABLE': '短信服务暂不可用。',
  'IDENTITY.ADMINISTRATOR_REQUIRED': '只有管理中心（管理员）可以审核机构。',
  'IDENTITY.INSTITUTION_NOT_FOUND': '机构不存在。',
  'IDENTITY.INSTITUTION_NOT_PENDING': (v) => `该机构已审核${INSTITUTION_STATUS[String(v.status)] ? `（${INSTITUTION_STATUS[String(v.status)]}）` : ''}，不能再次审核。`,
  'IDENTITY.REJECTION_REASON_INVALID': (v) => (has(v, 'max') ? `请填写驳回理由（1–${v.max} 个字符）。` : '请填写驳回理由，且不超过长度上限。'),
  'IDENTITY.ADMINISTRATOR_USERNAME_TAKEN': '配置的管理员用户名已被其他账户使用。',
  // identity: fields
  'IDENTITY.REQUIRED': '{label}为必填项。',
  'IDENTITY.TOO_LONG': tooLong,
  'IDENTITY.USERNAME_FORMAT': '用户名须为 4–32 位字母、数字或下划线。',
  'IDENTITY.USERNAME_ALL_DIGITS': '用户名不能全为数字（以免与手机号码混淆）。',
  'IDENTITY.PASSWORD_POLICY': '{label}须为 8–64 个字符，且至少包含一个字母和一个数字。',
  'IDENTITY.PASSWORD_MISMATCH': '两次输入的密码不一致。',
  'IDENTITY.TERMS_NOT_ACCEPTED': '请阅读并同意服务条款。',
  'IDENTITY.GENDER': '请选择性别。',
  'IDENTITY.ID_TYPE': '请选择证件类型。',
  'IDENTITY.ID_NUMBER_FORMAT': '证件号码格式不正确。',
  'IDENTITY.ID_NUMBER_CHECK_DIGIT': '身份证号码校验位不正确。',
  'IDENTITY.ID_NUMBER_BIRTH_DATE': '身份证号码中的出生日期不存在。',
  'IDENTITY.BIRTH_DATE_INVALID': '出生日期须为 1900 年以来已过去的真实日期（YYYY-MM-DD）。',
  'IDENTITY.BIRTH_DATE_MISMATCH': '出生日期须与身份证号码中的出生日期一致。',
  'IDENTITY.EMAIL_FORMAT': '电子邮箱格式不正确。',
  'IDENTITY.MOBILE_FORMAT': '请输入 11 位中国大陆手机号码。',
  'IDENTITY.CREDIT_CODE_FORMAT': '统一社会信用代码须为 18 位数字或大写字母（不含 I、O、S、V、Z）。',
  'IDENTITY.CREDIT_CODE_CHECK_CHARACTER': '统一社会信用代码校验位不正确。',
  'IDENTITY.NATIONALITY_UNKNOWN': '请从国籍列表（GB/T 2659）中选择。',
  'IDENTITY.ETHNICITY_UNKNOWN': '请从民族列表（GB/T 3304）中选择。',
  'IDENTITY.REGION_UNKNOWN': '{label}不是有效的行政区划代码（GB/T 2260）。',
  'IDENTITY.REGION_MISMATCH': (v) => (v.label === '市' ? '所选的市不属于所选的省。' : v.label === '区/县' ? '所选的区/县不属于所选的市。' : `${v.label}与上一级行政区划不符。`),

  // catalog: problems
  'CATALOG.ITEM_INVALID': '成果目录条目有误，请按提示修改。',
  'CATALOG.ITEM_ALREADY_PUBLISHED': '该成果目录条目已以不同内容发布。',
  'CATALOG.ITEM_NOT_FOUND': '成果目录条目不存在。',
  'CATALOG.FRAMEWORK_LEVEL_INVALID': '资历框架等级有误，请按提示修改。',
  'CATALOG.FRAMEWORK_LEVEL_ALREADY_DEFINED': '该资历框架等级已以不同内容定义。',
  'CATALOG.FRAMEWORK_LEVEL_NOT_PROJECTED': '该等级已保存，但暂时无法读取，请稍后再试。',
  'CATALOG.ITEM_RETIRED': '该成果目录条目已停用。',
  'CATALOG.REVISION_CONFLICT': '内容在您读取后已被修改，请重新读取后再提交。',
  'CATALOG.CONVERSION_RULE_INVALID': '转换规则有误，请按提示修改。',
  'CATALOG.CONVERSION_RULE_NOT_FOUND': '转换规则（或其该版本）不存在。',
  'CATALOG.CONVERSION_RULE_ALREADY_PUBLISHED': '该转换规则已以不同内容发布。',
  'CATALOG.CONVERSION_RULE_RETIRED': '该转换规则已停用。',
  'CATALOG.IF_MATCH_REQUIRED': '请在 If-Match 请求头中提供您读取到的版本（ETag）。',
  'CATALOG.IF_MATCH_INVALID': 'If-Match 须为一个版本号，例如 "3"。',
  // catalog: fields
  'CATALOG.REQUIRED': '{label}为必填项。',
  'CATALOG.TOO_LONG': tooLong,
  'CATALOG.CATEGORY_UNKNOWN': '未知的成果分类。',
  'CATALOG.TYPE_NOT_IN_CATEGORY': '该成果类型不属于所选成果分类。',
  'CATALOG.FRAMEWORK_LEVEL_OUT_OF_RANGE': '{label}须为 1 至 7 的整数。',
  'CATALOG.CREDITS_INVALID': '{label}须大于 0、最多一位小数，且不超过上限。',
  'CATALOG.SAMPLE_FLAG_INVALID': '示例标记须为 true 或 false。',
  'CATALOG.KIND_UNKNOWN': '转换类型须为 achievement（成果转换）或 work-performance（业绩类成果转换）。',
  'CATALOG.SOURCES_EMPTY': '请至少指定来源成果目录条目、来源成果分类或最低资历框架等级之一。',
  'CATALOG.CATALOG_ITEM_UNKNOWN': '成果目录中没有该条目。',
  'CATALOG.DUPLICATE': '{label}重复。',
  'CATALOG.CATEGORY_NOT_FOR_KIND': '业绩类成果属于“培训成果及业绩类成果”分类。',
  'CATALOG.DATE_INVALID': '{label}须为真实日期（YYYY-MM-DD）。',
  'CATALOG.LIMIT_INVALID': '{label}无效。',

  // ledger: problems
  'LEDGER.EVIDENCE_TYPE_UNSUPPORTED': '证明材料只能是 jpg、png、gif 或 pdf 文件。',
  'LEDGER.EVIDENCE_TOO_LARGE': '证明材料文件不能超过 10 MiB。',
  'LEDGER.EVIDENCE_INVALID': '证明材料登记信息有误。',
  'LEDGER.EVIDENCE_ALREADY_REGISTERED': '该证明材料已登记。',
  'LEDGER.EVIDENCE_NOT_FOUND': '证明材料不存在。',
  'LEDGER.EVIDENCE_UNKNOWN': '没有您的该证明材料，请先上传。',
  'LEDGER.EVIDENCE_IN_USE': '该证明材料已用于您的另一项成果，请为本成果另行上传。',
  'LEDGER.EVIDENCE_FILE_MISSING': '请以 multipart/form-data 格式在 file 字段中上传文件。',
  'LEDGER.CATALOG_ITEM_UNKNOWN': (v) => (v.retired === true ? '该成果目录条目已停用，不能再选择。' : '成果目录中没有该条目。'),
  'LEDGER.CATEGORY_MISMATCH': '该成果目录条目属于其他成果分类。',
  'LEDGER.TYPE_NOT_IN_CATEGORY': '成果类型不属于所选成果分类。',
  'LEDGER.CATALOG_UNAVAILABLE': '暂时无法查询成果目录，请稍后再试。',
  'LEDGER.ACHIEVEMENT_INVALID': '成果信息有误，请按提示修改。',
  'LEDGER.AMENDMENT_EMPTY': '请至少修改一项内容。',
  'LEDGER.ACHIEVEMENT_NOT_FOUND': '成果不存在。',
  'LEDGER.ACHIEVEMENT_ALREADY_EXISTS': '该成果编号已被使用。',
  'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED': '成果已提交认定，不能再修改、删除或重复提交（机构退回修改的除外）。',
  'LEDGER.REVISION_MISMATCH': (v) =>
    has(v, 'expectedRevision') && has(v, 'currentRevision')
      ? `成果在您读取后已被修改（您读取的是第 ${v.expectedRevision} 版，当前为第 ${v.currentRevision} 版），请重新读取。`
      : '成果在您读取后已被修改，请重新读取。',
  'LEDGER.IF_MATCH_REQUIRED': '请在 If-Match 请求头中提供您读取到的版本（ETag）。',
  'LEDGER.IF_MATCH_INVALID': 'If-Match 须为一个版本号，例如 "3"。',
  'LEDGER.INSTITUTION_NOT_APPROVED': '只有经管理中心审核通过的机构才能进行认定审核。',
  'LEDGER.RECOGNITION_CLAIMED_BY_ANOTHER': '本机构的另一位审核人员已受理该申请，只能由其作出决定。',
  'LEDGER.RECOGNITION_ALREADY_DECIDED': (v) => `该认定申请已有结论${RECOGNITION_STATUS[String(v.status)] ? `（${RECOGNITION_STATUS[String(v.status)]}）` : ''}，不能再次决定。`,
  'LEDGER.RECOGNITION_NOT_PENDING': '该申请已退回学习者修改，尚未重新提交。',
  'LEDGER.RECOGNITION_INVALID': '认定信息有误，请按提示修改。',
  'LEDGER.CONVERSION_NO_ACHIEVEMENTS': '请至少选择一项成果。',
  'LEDGER.CONVERSION_DUPLICATE_ACHIEVEMENT': '同一项成果不能在一次申请中出现两次。',
  'LEDGER.CONVERSION_ACHIEVEMENT_UNKNOWN': '成果不存在。',
  'LEDGER.ACHIEVEMENT_NOT_RECOGNISED': '该成果尚未认定通过。',
  'LEDGER.ACHIEVEMENT_HELD': '该成果已在另一项待审核的转换申请中。',
  'LEDGER.ACHIEVEMENT_SPENT': '该成果已用于一项已通过的转换。',
  'LEDGER.CONVERSION_RULE_UNKNOWN': '转换规则不存在。',
  'LEDGER.CONVERSION_RULE_RETIRED': '该转换规则已停用。',
  'LEDGER.CONVERSION_RULE_NOT_EFFECTIVE': '该转换规则尚未生效。',
  'LEDGER.CONVERSION_KIND_MISMATCH': '申请类型与转换规则或成果类型不符。',
  'LEDGER.CONVERSION_SOURCE_MISMATCH': '成果不符合该转换规则对来源的要求。',
  'LEDGER.CONVERSION_TOO_MANY_ACHIEVEMENTS': '成果数量超过该转换规则允许的上限。',
  'LEDGER.CONVERSION_CREDIT_LIMIT_EXCEEDED': '已通过和待审核的转换学分将超过该规则对目标的学分上限。',
  'LEDGER.CONVERSION_APPLICATION_EXISTS': '该转换申请编号已被使用。',
  'LEDGER.CONVERSION_APPLICATION_NOT_FOUND': '转换申请不存在。',
  'LEDGER.CONVERSION_ALREADY_DECIDED': '该转换申请已有审核结论。',
  'LEDGER.CONVERSION_REASON_REQUIRED': (v) => (has(v, 'max') ? `请填写驳回理由（1–${v.max} 个字符）。` : '请填写驳回理由，且不超过长度上限。'),
  'LEDGER.STATEMENT_AS_OF_INVALID': '截止时间须为日期（YYYY-MM-DD）或 ISO 8601 日期时间。',
  'LEDGER.INBOX_MESSAGE_NOT_FOUND': '消息不存在。',
  // ledger: fields
  'LEDGER.REQUIRED': '{label}为必填项。',
  'LEDGER.TOO_LONG': tooLong,
  'LEDGER.DATE_FORMAT': '{label}须为 1900-01-01 以来的真实日期（YYYY-MM-DD）。',
  'LEDGER.DATE_IN_FUTURE': '{label}不能晚于今天。',
  'LEDGER.SOURCE_INCONSISTENT': '成果须在成果目录条目与自填成果之间二选一。',
  'LEDGER.OUT_OF_RANGE': '{label}超出允许范围。',
  'LEDGER.CERTIFICATE_LEVEL_UNKNOWN': '请从证书等级列表中选择（五级/初级工 至 一级/高级技师）。',
  'LEDGER.EDUCATION_LEVEL_UNKNOWN': '请从文化程度列表（GB/T 4658）中选择。',

  // class-validator constraints of the request DTOs (field codes of VALIDATION.INVALID_INPUT)
  isDefined: '{label}为必填项。',
  isNotEmpty: '{label}不能为空。',
  isString: '{label}须为文本。',
  isBoolean: '{label}须为 true 或 false。',
  isInt: '{label}须为整数。',
  isNumber: '{label}须为数字。',
  isPositive: '{label}须为正数。',
  isObject: '{label}须为对象。',
  isArray: '{label}须为数组。',
  isEmail: '{label}须为有效的电子邮箱地址。',
  isUUID: '{label}须为 UUID。',
  isEnum: '{label}的取值无效。',
  isIn: (v) => (has(v, 'values') ? `${v.label}须为以下值之一：${v.values}。` : `${v.label}的取值无效。`),
  isLength: lengthRule,
  minLength: (v) => (has(v, 'min') ? `${v.label}至少 ${v.min} 个字符。` : `${v.label}过短。`),
  maxLength: tooLong,
  min: (v) => (has(v, 'min') ? `${v.label}不能小于 ${v.min}。` : `${v.label}过小。`),
  max: (v) => (has(v, 'max') ? `${v.label}不能大于 ${v.max}。` : `${v.label}过大。`),
  arrayMinSize: (v) => (has(v, 'min') ? `${v.label}至少 ${v.min} 项。` : `${v.label}项数过少。`),
  arrayMaxSize: (v) => (has(v, 'max') ? `${v.label}最多 ${v.max} 项。` : `${v.label}项数过多。`),
  matches: '{label}格式不正确。',
  isCalendarDate: '{label}须为真实日期（YYYY-MM-DD）。',
  exactlyOneOf: '成果须在成果目录条目与自填成果之间二选一。',
  notTogetherWith: (v) => (has(v, 'other') ? `${v.label}不能与 ${v.other} 同时提供。` : `${v.label}不能与其他字段同时提供。`),
  nestedValidation: '{label}须为对象或数组。',
  whitelistValidation: '不接受字段 {label}。',
  unknownValue: '请求中有无法识别的值。',
};

/** What a problem of an unknown code says, by its kind: never English to a Chinese client. */
export const KIND_MESSAGES_ZH_CN: Readonly<Record<string, string>> = {
  validation: '请求有误。',
  unauthorized: '请先登录。',
  forbidden: '无权进行此操作。',
  not_found: '请求的内容不存在。',
  conflict: '操作与当前状态冲突。',
  precondition_failed: '内容在您读取后已被修改，请重新读取。',
  payload_too_large: '请求内容过大。',
  unsupported_media_type: '不支持该内容类型。',
  rate_limited: '请求过于频繁，请稍后再试。',
  unavailable: '服务暂不可用，请稍后再试。',
};

/** A field error of an unknown code. */
export const FIELD_FALLBACK_ZH_CN = '{label}不符合要求。';
