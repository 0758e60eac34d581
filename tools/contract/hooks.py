"""The contract run's own check (loaded by tools/contract/schemathesis.toml).

`positive_data_acceptance` is configured to let a well-formed request be refused with 400/413/415
only because some rules cannot be written in a JSON Schema: an SMS code that was really sent, a
confirmation equal to the password, a rule id that exists, a file whose bytes are really a PDF.
Those refusals carry a stable domain code (`IDENTITY.SMS_CODE_INVALID`, `LEDGER.CONVERSION_RULE_UNKNOWN`,
field codes such as `IDENTITY.PASSWORD_MISMATCH`). This check keeps that door narrow: a request
the document calls valid must never be refused by the *shape* checks — the validation pipe's
decorator constraints (field codes like `isInt`, `matches`, `whitelistValidation`), a missing field,
or the HTTP layer (`HTTP.BAD_REQUEST`, `HTTP.UNSUPPORTED_MEDIA_TYPE`): the document must say all of those.
"""
import json
import re

import schemathesis

DOMAIN_CODE = re.compile(r"^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$")
REFUSALS = {400, 413, 415, 422}

try:  # coverage probes of request shapes the schema does not describe are not positive data
    from schemathesis.specs.openapi.checks import is_unexpected_http_status_case
except ImportError:  # pragma: no cover - other schemathesis versions
    def is_unexpected_http_status_case(case):
        return False


def _problem(response):
    try:
        body = json.loads(response.content or b"null")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@schemathesis.check
def well_formed_input_not_refused_by_shape(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or is_unexpected_http_status_case(case):
        return None
    if response.status_code not in REFUSALS:
        return None
    problem = _problem(response) or {}
    code = str(problem.get("code", ""))
    shape_fields = [e for e in problem.get("errors") or [] if not DOMAIN_CODE.match(str(e.get("code", "")))]
    if code.startswith("HTTP.") or (code == "VALIDATION.INVALID_INPUT" and (shape_fields or not problem.get("errors"))) or not DOMAIN_CODE.match(code):
        fields = ", ".join(f"{e.get('field')}: {e.get('code')}" for e in shape_fields) or "none"
        raise AssertionError(
            f"A request the document calls valid was refused by a shape check ({response.status_code} {code or 'without a code'}; "
            f"field errors not expressed in the document: {fields}). Make the document say what the decorators check."
        )
    return None
