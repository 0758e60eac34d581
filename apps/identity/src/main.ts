import 'reflect-metadata';
import { runDistributed } from '@credit-bank/distributed';

/** The identity of the distributed profile, one process: `node dist/apps/identity/src/main.js` (configured by environment variables, see README "Distributed profile"). */
void runDistributed('identity');
