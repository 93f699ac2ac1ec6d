/** Conv arithmetic: output sizes, padding, parameter and cost counts, receptive fields. */
export * from "./size";
export * from "./cost";
export * from "./receptiveField";
