/**
 * Placeholder main app: the README's example on the CPU backend. The nn/F parity checks replace it.
 */
import * as torch from '@proj/tensor';
import { cpu } from '@proj/backend-cpu';

torch.registerBackend(cpu());
torch.manual_seed(0);
const x = torch.randn(4, 3);
const w = torch.randn(3, 1, { requires_grad: true });
const loss = x.matmul(w).pow(2).mean();
loss.backward();
console.log(loss.toString());
console.log(w.grad!.toString());
