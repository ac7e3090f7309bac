import { runConformance } from '@proj/conformance';
import { minimal } from './minimal-backend.js';

// The guide's backend passes the same kit as ours (it has no fused kernels, so every F op takes
// its composite path).
runConformance({ backend: () => minimal() });
