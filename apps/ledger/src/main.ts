import 'reflect-metadata';
import { runDistributed } from '@credit-bank/distributed';

/** The ledger of the distributed profile, one process: `node dist/apps/ledger/src/main.js` (configured by environment variables, see README "Distributed profile"). */
void runDistributed('ledger');
