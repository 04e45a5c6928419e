import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadConfig, TRAME_CONFIG, type TrameConfig } from './trame-config';

/**
 * Validated, typed configuration. `@nestjs/config` reads the environment (and `.env`
 * when present); zod validates it once at boot so a typo fails fast with every field.
 */
@Global()
@Module({})
export class TrameConfigModule {
  static forRoot(overrides: Partial<Record<string, string>> = {}) {
    return {
      module: TrameConfigModule,
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: process.env.NODE_ENV === 'test', cache: true })],
      providers: [{ provide: TRAME_CONFIG, useFactory: (): TrameConfig => loadConfig({ ...process.env, ...overrides }) }],
      exports: [TRAME_CONFIG],
    };
  }
}
