/**
 * Test hook (jest setupFilesAfterEnv): when a test file has loaded TensorFlow.js, dispose its
 * backends after the file, so that the wasm heap and the threaded build's pool workers of one
 * file do not live on in the jest worker that runs the next. Each file has its own tfjs (its own
 * module registry and global), found where tfjs-core keeps its engine.
 */
afterAll(() => {
  const engine = (globalThis as { _tfengine?: { reset(): void } })._tfengine;
  engine?.reset();
});
