// 2-D max and average pooling, forward and backward, with the reference backend's window rules
// (packages/backend-cpu/src/pool.ts). Tasks split the N·C planes.
//
// Parameter block (i32): [dtype, planes, H, W, Ho, Wo, kh, kw, sh, sw, ph, pw, dh, dw,
//   x (or gy), out, indices, ntasks, countIncludePad, divisorOverride (0: none)]

import { F32 } from './codes';
import { rangeStart } from './walk';

@inline function g(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

/** Lanes where candidate c replaces the running max m: larger wins, NaN always wins, ties keep the first. */
@inline function take4(m: v128, c: v128): v128 {
  return v128.or(f32x4.gt(c, m), f32x4.ne(c, c));
}

/** 2×2 windows with stride 2, no padding or dilation, over f32: four outputs per step. */
function maxPlanes2x2(p: usize, p0: i32, p1: i32): void {
  const H = g(p, 2), W = g(p, 3), Ho = g(p, 4), Wo = g(p, 5);
  for (let pl = p0; pl < p1; pl++) {
    const x = <usize>g(p, 14) + <usize>(pl * H * W) * 4;
    let o = <usize>g(p, 15) + <usize>(pl * Ho * Wo) * 4;
    let ix = <usize>g(p, 16) + <usize>(pl * Ho * Wo) * 8;
    for (let oh = 0; oh < Ho; oh++) {
      const r0 = x + <usize>(2 * oh * W) * 4;
      const r1 = r0 + <usize>W * 4;
      let ow = 0;
      for (; ow + 4 <= Wo; ow += 4) {
        const a0 = v128.load(r0 + <usize>(8 * ow)), a1 = v128.load(r0 + <usize>(8 * ow), 16);
        const b0 = v128.load(r1 + <usize>(8 * ow)), b1 = v128.load(r1 + <usize>(8 * ow), 16);
        let m = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6);
        let at = i32x4.add(i32x4.splat(2 * oh * W + 2 * ow), i32x4(0, 2, 4, 6));
        let idx = at;
        let c = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
        let t = take4(m, c);
        m = v128.bitselect(c, m, t);
        idx = v128.bitselect(i32x4.add(at, i32x4.splat(1)), idx, t);
        c = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6);
        t = take4(m, c);
        m = v128.bitselect(c, m, t);
        idx = v128.bitselect(i32x4.add(at, i32x4.splat(W)), idx, t);
        c = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        t = take4(m, c);
        m = v128.bitselect(c, m, t);
        idx = v128.bitselect(i32x4.add(at, i32x4.splat(W + 1)), idx, t);
        v128.store(o, m);
        v128.store(ix, i64x2.extend_low_i32x4_s(idx));
        v128.store(ix, i64x2.extend_high_i32x4_s(idx), 16);
        o += 16;
        ix += 32;
      }
      for (; ow < Wo; ow++) {
        const base = 2 * oh * W + 2 * ow;
        let best = base;
        let mm = load<f32>(x + <usize>base * 4);
        for (let d = 1; d < 4; d++) {
          const at = base + (d & 1) + (d >> 1) * W;
          const v = load<f32>(x + <usize>at * 4);
          const tk = <i32>(v > mm) | <i32>(v != v);
          mm = select<f32>(v, mm, tk);
          best = select<i32>(at, best, tk);
        }
        store<f32>(o, mm);
        store<i64>(ix, <i64>best);
        o += 4;
        ix += 8;
      }
    }
  }
}

function maxPlanes<T>(p: usize, p0: i32, p1: i32): void {
  const H = g(p, 2), W = g(p, 3), Ho = g(p, 4), Wo = g(p, 5), kh = g(p, 6), kw = g(p, 7);
  const sh = g(p, 8), sw = g(p, 9), ph = g(p, 10), pw = g(p, 11), dh = g(p, 12), dw = g(p, 13);
  const sz = sizeof<T>();
  if (sz == 4 && kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1 && 2 * Ho <= H && 2 * Wo <= W) {
    maxPlanes2x2(p, p0, p1);
    return;
  }
  for (let pl = p0; pl < p1; pl++) {
    const x = <usize>g(p, 14) + <usize>(pl * H * W) * sz;
    let o = <usize>g(p, 15) + <usize>(pl * Ho * Wo) * sz;
    let ix = <usize>g(p, 16) + <usize>(pl * Ho * Wo) * 8;
    for (let oh = 0; oh < Ho; oh++) {
      let h0 = oh * sh - ph;
      const h1 = min(h0 + (kh - 1) * dh + 1, H);
      while (h0 < 0) h0 += dh;
      for (let ow = 0; ow < Wo; ow++) {
        let w0 = ow * sw - pw;
        const w1 = min(w0 + (kw - 1) * dw + 1, W);
        while (w0 < 0) w0 += dw;
        let best = h0 * W + w0;
        let m = <T>-Infinity;
        for (let ih = h0; ih < h1; ih += dh) {
          for (let iw = w0; iw < w1; iw += dw) {
            const at = ih * W + iw;
            const v = load<T>(x + <usize>at * sz);
            // Branch-free: random data makes this comparison unpredictable.
            const take = v > m || v != v;
            m = select<T>(v, m, take);
            best = select<i32>(at, best, take);
          }
        }
        store<T>(o, m);
        store<i64>(ix, <i64>best);
        o += sz;
        ix += 8;
      }
    }
  }
}

function maxGradPlanes<T>(p: usize, p0: i32, p1: i32): void {
  const HW = g(p, 2) * g(p, 3), per = g(p, 4) * g(p, 5);
  const sz = sizeof<T>();
  for (let pl = p0; pl < p1; pl++) {
    const dst = <usize>g(p, 15) + <usize>(pl * HW) * sz;
    memory.fill(dst, 0, <usize>HW * sz);
    let gy = <usize>g(p, 14) + <usize>(pl * per) * sz;
    let ix = <usize>g(p, 16) + <usize>(pl * per) * 8;
    for (let q = 0; q < per; q++) {
      const a = dst + <usize>load<i64>(ix) * sz;
      store<T>(a, load<T>(a) + load<T>(gy));
      gy += sz;
      ix += 8;
    }
  }
}

/** The clipped window of (oh, ow) in `win` (h0, h1, w0, w1) and its divisor. */
@inline function avgWindow(p: usize, oh: i32, ow: i32, win: usize): i32 {
  const H = g(p, 2), W = g(p, 3), kh = g(p, 6), kw = g(p, 7), ph = g(p, 10), pw = g(p, 11);
  let h0 = oh * g(p, 8) - ph;
  let w0 = ow * g(p, 9) - pw;
  let h1 = min(h0 + kh, H + ph);
  let w1 = min(w0 + kw, W + pw);
  const poolSize = (h1 - h0) * (w1 - w0);
  h0 = max(h0, 0);
  w0 = max(w0, 0);
  h1 = min(h1, H);
  w1 = min(w1, W);
  store<i32>(win, h0);
  store<i32>(win, h1, 4);
  store<i32>(win, w0, 8);
  store<i32>(win, w1, 12);
  const over = g(p, 19);
  if (over != 0) return over;
  return g(p, 18) != 0 ? poolSize : (h1 - h0) * (w1 - w0);
}

function avgPlanes<T>(p: usize, p0: i32, p1: i32, win: usize): void {
  const H = g(p, 2), W = g(p, 3), Ho = g(p, 4), Wo = g(p, 5);
  const sz = sizeof<T>();
  for (let pl = p0; pl < p1; pl++) {
    const x = <usize>g(p, 14) + <usize>(pl * H * W) * sz;
    let o = <usize>g(p, 15) + <usize>(pl * Ho * Wo) * sz;
    for (let oh = 0; oh < Ho; oh++) {
      for (let ow = 0; ow < Wo; ow++) {
        const div = avgWindow(p, oh, ow, win);
        const h0 = load<i32>(win), h1 = load<i32>(win, 4), w0 = load<i32>(win, 8), w1 = load<i32>(win, 12);
        let sum: f64 = 0;
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) sum += <f64>load<T>(x + <usize>(ih * W + iw) * sz);
        }
        store<T>(o, h0 >= h1 || w0 >= w1 ? <T>0 : <T>(sum / <f64>div));
        o += sz;
      }
    }
  }
}

function avgGradPlanes<T>(p: usize, p0: i32, p1: i32, win: usize): void {
  const H = g(p, 2), W = g(p, 3), Ho = g(p, 4), Wo = g(p, 5);
  const sz = sizeof<T>();
  for (let pl = p0; pl < p1; pl++) {
    const dst = <usize>g(p, 15) + <usize>(pl * H * W) * sz;
    memory.fill(dst, 0, <usize>(H * W) * sz);
    let gy = <usize>g(p, 14) + <usize>(pl * Ho * Wo) * sz;
    for (let oh = 0; oh < Ho; oh++) {
      for (let ow = 0; ow < Wo; ow++) {
        const div = avgWindow(p, oh, ow, win);
        const h0 = load<i32>(win), h1 = load<i32>(win, 4), w0 = load<i32>(win, 8), w1 = load<i32>(win, 12);
        const v = <T>(<f64>load<T>(gy) / <f64>div);
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const a = dst + <usize>(ih * W + iw) * sz;
            store<T>(a, load<T>(a) + v);
          }
        }
        gy += sz;
      }
    }
  }
}

/** kind: 0 max, 1 max grad, 2 avg, 3 avg grad. */
export function poolTask(kind: i32, p: usize, t: i32, win: usize): void {
  const planes = g(p, 1);
  const nt = g(p, 17);
  const p0 = rangeStart(planes, nt, t);
  const p1 = rangeStart(planes, nt, t + 1);
  const f32 = g(p, 0) == F32;
  switch (kind) {
    case 0: if (f32) maxPlanes<f32>(p, p0, p1); else maxPlanes<f64>(p, p0, p1); break;
    case 1: if (f32) maxGradPlanes<f32>(p, p0, p1); else maxGradPlanes<f64>(p, p0, p1); break;
    case 2: if (f32) avgPlanes<f32>(p, p0, p1, win); else avgPlanes<f64>(p, p0, p1, win); break;
    default: if (f32) avgGradPlanes<f32>(p, p0, p1, win); else avgGradPlanes<f64>(p, p0, p1, win);
  }
}
