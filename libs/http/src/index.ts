export * from './configure-app';
export * from './dependency-unavailable.error';
export * from './error-body';
export * from './http-error.filter';
export * from './if-match';
export * from './swagger';
export * from './unavailable-dependency';
export * from './validation';
