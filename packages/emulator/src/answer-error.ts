/**
 * Base of the errors that are answers rather than faults (a missing file, a refused token, a bad parameter): the
 * request path throws them for the client's mistakes and turns them into a response; nobody debugs them. They
 * capture no stack trace: V8 spends about 10 µs collecting one, and a 404 GETFILESTATUS makes two (the store's
 * error, then the WebHDFS one). `stack` is then just "Name: message".
 */
export class AnswerError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}
