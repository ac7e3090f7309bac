/**
 * The page's test hooks on `window.playground`: the same functions the buttons call, awaitable,
 * so a test drives the page without waiting on timers.
 */
import type { Row } from '@proj/app-parity';

/** One backend as the page found it. */
export interface BackendInfo {
  name: string;
  available: boolean;
  /** What the backend reports (wasm threads, webgpu adapter) or why it is unavailable. */
  detail: string;
  /** wasm: the worker threads in use, counting the calling one. */
  threads?: number;
}

export interface TrainRequest {
  backend: string;
  /** Training samples, taken from the seeded 8,000/2,000 split. */
  samples: number;
  batchSize: number;
  epochs: number;
  lr: number;
  /** Held-out digits to measure the accuracy on. */
  evalSamples: number;
}

export interface TrainReport {
  backend: string;
  /** The loss of every step, for the nn model and its F twin. */
  curves: { nn: number[]; F: number[] };
  /** Top-1 accuracy in [0, 1] on `evalSamples` held-out digits. */
  accuracy: { nn: number; F: number };
}

export interface Prediction {
  digit: number;
  /** Softmax probabilities of the classes 0–9. */
  probabilities: number[];
}

export interface PlaygroundApi {
  /** Resolves once the backends are created. */
  ready: Promise<BackendInfo[]>;
  runParity(backend: string): Promise<Row[]>;
  /** Trains the nn CNN and its F twin from the same weights; unset fields take the form's values. */
  train(request?: Partial<TrainRequest>): Promise<TrainReport>;
  /** Predicts the digit on the pad now (null when the pad is empty or nothing is trained yet). */
  predict(): Promise<Prediction | null>;
  /** Resolves once the prediction started by the last stroke is shown. */
  settled(): Promise<Prediction | null>;
  clear(): void;
}

declare global {
  interface Window {
    playground: PlaygroundApi;
  }
}
