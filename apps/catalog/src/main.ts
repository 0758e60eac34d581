import 'reflect-metadata';
import { runDistributed } from '@credit-bank/distributed';

/** The catalog of the distributed profile, one process: `node dist/apps/catalog/src/main.js` (configured by environment variables, see README "Distributed profile"). */
void runDistributed('catalog');
