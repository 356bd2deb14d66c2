import { Logger } from '@aws-lambda-powertools/logger';

// One structured JSON logger per container; handlers append keys such as callId per record.
export const logger = new Logger();
