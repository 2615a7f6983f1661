/**
 * The only runtime globals the domain core uses beyond ECMAScript. Every place it runs has them (the
 * page, the worker, Node for the command line and `npm start`); declaring just these keeps the core
 * from reaching for anything else of the DOM or Node.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly origin: string;
}
