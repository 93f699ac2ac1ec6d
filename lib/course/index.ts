/** What course notebooks use besides the library proper: recorded values for their tests, and self-checks for exercises. */
export { record, RECORD_MIME } from "./record";
export type { RecordValues } from "./record";
export { selfCheck } from "./self-check";
export type { SelfCheckArgs, SelfCheckStatus } from "./self-check";
