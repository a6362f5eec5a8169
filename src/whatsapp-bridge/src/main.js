// Entry point with real WhatsApp sockets. Settings come from the environment (README: "Running").
import { createBaileysSocketFactory } from './baileys-socket-factory.js';
import { processLogger, runBridgeProcess } from './bridge-process.js';

const logger = processLogger();
await runBridgeProcess({ logger, createSocketFactory: () => createBaileysSocketFactory({ logger }) });
