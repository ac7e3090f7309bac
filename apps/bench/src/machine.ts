/**
 * A description of the machine the numbers come from, read from /proc/cpuinfo where present.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  cpu: string;
  /** family/model/stepping as /proc/cpuinfo gives them (the model name alone can be vague). */
  cpuid: string;
  simd: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  loadavg: number[];
}

export function describeMachine(): Machine {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (name: string): string | undefined => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
  const flags = new Set((field('flags') ?? '').split(/\s+/));
  const simd = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'].filter((f) => flags.has(f)).join(' ');
  return {
    cpu: field('model name') ?? os.cpus()[0]?.model ?? 'unknown',
    cpuid: `family ${field('cpu family') ?? '?'} model ${field('model') ?? '?'} stepping ${field('stepping') ?? '?'}`,
    simd: simd || 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
