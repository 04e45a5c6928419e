import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { TRAME_CONFIG, type TrameConfig } from './trame-config';

/**
 * Structured JSON logs (pino). Request bodies are never logged and credentials are
 * redacted: logs must not become a second copy of people's email addresses.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [TRAME_CONFIG],
      useFactory: (config: TrameConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
          },
        },
      }),
    }),
  ],
})
export class TrameLoggingModule {}
