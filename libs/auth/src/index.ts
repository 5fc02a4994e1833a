export * from './auth-failure-limiter';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
export * from './roles';
export * from './sign-token';
export * from './token-verifier';
