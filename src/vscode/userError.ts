/** A failure whose message is already written for the user (what failed, why, what to do). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
