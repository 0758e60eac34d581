import 'reflect-metadata';
import { runDistributed } from '@credit-bank/distributed';

/** The gateway of the distributed profile, one process: `node dist/apps/gateway/src/main.js` (configured by environment variables, see README "Distributed profile"). */
void runDistributed('gateway');
