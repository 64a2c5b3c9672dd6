/**
 * Error classes. Every error carries a stable `code` (used by the bridge to type its error replies) and a
 * message that says what went wrong and how to fix it.
 * @module
 */

/** Base class of the package's errors. */
export class GymError extends Error {
  /** Stable machine-readable code, e.g. `invalid_action`. */
  readonly code: string;

  constructor(message: string, code = 'error') {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** `step` (or `render`) was called before the first `reset`, or after the episode ended in a vector env without reset. */
export class ResetNeeded extends GymError {
  constructor(message: string) {
    super(message, 'reset_needed');
  }
}

/** An action is not an element of the action space; the environment's state is unchanged. */
export class InvalidAction extends GymError {
  constructor(message: string) {
    super(message, 'invalid_action');
  }
}

/** A configuration field is unknown, of the wrong type or out of range. */
export class InvalidConfig extends GymError {
  /** JSON-pointer-like paths of the offending fields. */
  readonly fields: string[];

  constructor(message: string, fields: string[] = []) {
    super(message, 'invalid_config');
    this.fields = fields;
  }
}

/** An environment id is malformed or not registered. */
export class UnregisteredEnv extends GymError {
  constructor(message: string) {
    super(message, 'unknown_env');
  }
}

/** The namespace of an environment id has no registered environment. */
export class NamespaceNotFound extends UnregisteredEnv {}

/** No environment of that name is registered (in the id's namespace). */
export class NameNotFound extends UnregisteredEnv {}

/** The requested version of a registered environment does not exist (it is newer than the latest one). */
export class VersionNotFound extends UnregisteredEnv {}

/** The requested version is not registered but a newer (or the default) one is: the old one is deprecated. */
export class DeprecatedEnv extends UnregisteredEnv {}

/** A registration would make ids ambiguous (a versioned and an unversioned entry of the same name). */
export class RegistrationError extends GymError {
  constructor(message: string) {
    super(message, 'registration');
  }
}

/** The environment was closed and cannot be used any more. */
export class ClosedEnvironment extends GymError {
  constructor(message: string) {
    super(message, 'closed');
  }
}

/** An argument to a library function is invalid. */
export class InvalidArgument extends GymError {
  constructor(message: string) {
    super(message, 'invalid_argument');
  }
}
