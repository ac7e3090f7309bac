/** Test helper: registers a fresh CPU backend named 'cpu' and makes it current. */
import { cpu } from '@proj/backend-cpu';
import { registerBackend, setBackend } from '../index.js';

export function useCpu(): void {
  registerBackend(cpu());
  setBackend('cpu');
}
