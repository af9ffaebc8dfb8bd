/**
 * Cross-module cases for wrappers that are not top-level functions: members of exported objects and
 * classes (constructor arguments on `this`), functions returned by factories, `export * as ns` /
 * `import * as ns` members. Each case is a small project (file name → text); `expected` lists every
 * finding with its related location in the other module (1-based); `expected: []` must stay clean.
 */
export interface MemberCase {
  name: string;
  files: Record<string, string>;
  expected: { file: string; ruleId: string; line: number; column: number; severed: string[]; related: { file: string; line: number; column: number } }[];
}

export const TF = `import * as tf from '@tensorflow/tfjs';\n`;
export const JSTAT = `import jStat from 'jstat';\n`;
/** A training file: trainable `mu` (line 3), the call under test inside minimize on line 6. */
export const train = (imp: string, call: string) => `${TF}${imp}
const mu = tf.variable(tf.zeros([1]));
const opt = tf.train.adam(0.01);
// the wrapper is called inside the gradient context:
opt.minimize(() => ${call}.square().sum() as tf.Scalar);
`;
/** An objective `loss(theta)` whose body line 4 is `const z = <call>;`. */
export const loss = (imp: string, call: string) => `${imp}

export function loss(theta: number[]): number {
  const z = ${call};
  return (z - 3) ** 2;
}
`;

export const invalid: MemberCase[] = [
  {
    name: 'method of an exported object literal (the issue example)',
    files: {
      'samplers.ts': `${TF}export const samplers = {
  normal(mu: tf.Tensor, s: number) {
    return tf.randomNormal([1], mu.dataSync()[0], s);
  },
};
`,
      'train.ts': train(`import { samplers } from './samplers';`, 'samplers.normal(mu, 1)'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 6, column: 20, severed: ['mu'], related: { file: 'samplers.ts', line: 4, column: 12 } }],
  },
  {
    name: 'arrow property of an exported object, destructured on import use',
    files: {
      'draws.ts': `${JSTAT}export const draws = {
  gamma: (a: number) => jStat.gamma.sample(a, 1),
};
`,
      'loss.ts': loss(`import { draws } from './draws';\nconst { gamma } = draws;`, 'gamma(theta[0])').replace('\n\nexport', '\nexport'),
    },
    expected: [{ file: 'loss.ts', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'draws.ts', line: 3, column: 25 } }],
  },
  {
    name: 'static method of an exported class',
    files: {
      'sampler.ts': `${JSTAT}export class Sampler {
  static normal(mu: number, sd: number): number {
    return jStat.normal.sample(mu, sd);
  }
}
`,
      'loss.ts': loss(`import { Sampler } from './sampler';`, 'Sampler.normal(theta[0], 1)'),
    },
    expected: [{ file: 'loss.ts', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'sampler.ts', line: 4, column: 12 } }],
  },
  {
    name: 'instance method: new Sampler().draw(mu)',
    files: {
      'sampler.ts': `${TF}export class Sampler {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
`,
      'train.ts': train(`import { Sampler } from './sampler';`, 'new Sampler().draw(mu)'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 6, column: 20, severed: ['mu'], related: { file: 'sampler.ts', line: 4, column: 12 } }],
  },
  {
    name: 'method inherited from a base class of the same module',
    files: {
      'sampler.ts': `${TF}class Base {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
export class Sampler extends Base {}
`,
      'train.ts': train(`import { Sampler } from './sampler';`, 'new Sampler().draw(mu)'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 6, column: 20, severed: ['mu'], related: { file: 'sampler.ts', line: 4, column: 12 } }],
  },
  {
    name: 'instance method through a module-level instance, calling another method on this',
    files: {
      'sampler.ts': `${TF}export default class Sampler {
  private first(t: tf.Tensor): number {
    return t.dataSync()[0];
  }
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], this.first(mu), 1);
  }
}
`,
      'train.ts': train(`import Sampler from './sampler';\nconst s = new Sampler();`, 's.draw(mu)').replace('opt.minimize', '\nopt.minimize'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 8, column: 20, severed: ['mu'], related: { file: 'sampler.ts', line: 7, column: 12 } }],
  },
  {
    name: 'instance held in a module variable that is reassigned elsewhere',
    files: {
      'sampler.ts': `${TF}export class Sampler {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
`,
      'train.ts': train(`import { Sampler } from './sampler';\nlet s = new Sampler();\nexport const reset = () => {\n  s = new Sampler();\n};`, 's.draw(mu)'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 10, column: 20, severed: ['mu'], related: { file: 'sampler.ts', line: 4, column: 12 } }],
  },
  {
    name: 'constructor argument kept on this and sampled by a method',
    files: {
      'gaussian.ts': `${TF}export class Gaussian {
  constructor(private readonly mean: tf.Tensor) {}
  sample(): tf.Tensor {
    return tf.randomNormal([1], this.mean.dataSync()[0], 1);
  }
}
`,
      'train.ts': train(`import { Gaussian } from './gaussian';\nconst g = () => new Gaussian(mu);`, 'g().sample()').replace('const opt', '\nconst opt'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 8, column: 20, severed: ['mu'], related: { file: 'gaussian.ts', line: 5, column: 12 } }],
  },
  {
    name: 'function returned by an exported factory',
    files: {
      'factory.ts': `${JSTAT}export function makeSampler() {
  return (mu: number) => jStat.normal.sample(mu, 1);
}
`,
      'loss.ts': loss(`import { makeSampler } from './factory';`, 'makeSampler()(theta[0])'),
    },
    expected: [{ file: 'loss.ts', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'factory.ts', line: 3, column: 26 } }],
  },
  {
    name: "factory's parameter captured by the returned function",
    files: {
      'factory.ts': `${JSTAT}export const makeSampler = (sd: number) => {
  const draw = (mu: number) => jStat.normal.sample(mu, sd);
  return draw;
};
`,
      'loss.ts': loss(`import { makeSampler } from './factory';`, 'makeSampler(theta[1])(0)'),
    },
    expected: [{ file: 'loss.ts', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'factory.ts', line: 3, column: 32 } }],
  },
  {
    name: 'export * as ns re-export, member call',
    files: {
      'samplers.ts': `${JSTAT}export const drawGamma = (shape: number, scale: number): number => jStat.gamma.sample(shape, scale);\n`,
      'index.ts': `export * as dists from './samplers';\n`,
      'loss.ts': loss(`import { dists } from './index';`, 'dists.drawGamma(theta[0], 1)'),
    },
    expected: [{ file: 'loss.ts', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'samplers.ts', line: 2, column: 68 } }],
  },
  {
    name: 'import * as ns: a class and an object reached through the namespace',
    files: {
      'lib.ts': `${TF}export class Sampler {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
export const helpers = { peek: (t: tf.Tensor) => t.dataSync()[0] };
`,
      'train.ts': train(`import * as lib from './lib';`, 'new lib.Sampler().draw(mu).add(lib.helpers.peek(mu))'),
    },
    expected: [
      { file: 'train.ts', ruleId: 'opaque-sampler', line: 6, column: 20, severed: ['mu'], related: { file: 'lib.ts', line: 4, column: 12 } },
      { file: 'train.ts', ruleId: 'host-round-trip', line: 6, column: 51, severed: ['mu'], related: { file: 'lib.ts', line: 7, column: 50 } },
    ],
  },
  {
    name: 'exported instance of a local class',
    files: {
      'sampler.ts': `${JSTAT}class Sampler {
  normal(mu: number): number {
    return jStat.normal.sample(mu, 1);
  }
}
export const sampler = new Sampler();
`,
      'loss.ts': loss(`import { sampler } from './sampler';`, 'sampler.normal(theta[0])'),
    },
    expected: [{ file: 'loss.ts', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'sampler.ts', line: 4, column: 12 } }],
  },
  {
    name: 'one local helper called with a pathwise and an opaque member (the call memo tells them apart)',
    files: {
      'samplers.ts': `${TF}export const samplers = {
  pathwise: (mu: tf.Tensor) => mu.add(tf.randomNormal([1])),
  opaque: (mu: tf.Tensor) => tf.randomNormal([1], mu.dataSync()[0], 1),
};
`,
      'train.ts': train(`import { samplers } from './samplers';\nconst apply = (f: (m: tf.Tensor) => tf.Tensor, x: tf.Tensor) => f(x);`, 'apply(samplers.pathwise, mu).add(apply(samplers.opaque, mu))'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 3, column: 65, severed: ['x'], related: { file: 'samplers.ts', line: 4, column: 30 } }],
  },
  {
    name: 'CommonJS: module.exports object with a method, required from JS',
    files: {
      'draw.js': `const jStat = require('jstat');
module.exports = {
  normal(mu, sd) {
    return jStat.normal.sample(mu, sd);
  },
};
`,
      'loss.js': `const draw = require('./draw');

function loss(theta) {
  const z = draw.normal(theta[0], 1);
  return (z - 3) ** 2;
}
module.exports = { loss };
`,
    },
    expected: [{ file: 'loss.js', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'draw.js', line: 4, column: 12 } }],
  },
];

export const valid: MemberCase[] = [
  {
    name: 'reparameterized object method (mean + sd * eps)',
    files: {
      'samplers.ts': `${TF}export const samplers = {
  normal(mu: tf.Tensor, s: number) {
    return mu.add(tf.randomNormal(mu.shape).mul(s));
  },
};
`,
      'train.ts': train(`import { samplers } from './samplers';`, 'samplers.normal(mu, 1)'),
    },
    expected: [],
  },
  {
    name: 'class method reading the host only for logging',
    files: {
      'sampler.ts': `${TF}export class Sampler {
  draw(mu: tf.Tensor): tf.Tensor {
    console.log(mu.dataSync()[0]);
    return mu.mul(2);
  }
}
`,
      'train.ts': train(`import { Sampler } from './sampler';`, 'new Sampler().draw(mu)'),
    },
    expected: [],
  },
  {
    name: 'opaque class method with constant arguments only',
    files: {
      'sampler.ts': `${TF}export class Sampler {
  static draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
`,
      'train.ts': train(`import { Sampler } from './sampler';`, 'mu.add(Sampler.draw(tf.zeros([1])))'),
    },
    expected: [],
  },
  {
    name: 'opaque factory result used outside any gradient context',
    files: {
      'factory.ts': `${JSTAT}export function makeSampler() {
  return (mu: number) => jStat.normal.sample(mu, 1);
}
`,
      'main.ts': `import { makeSampler } from './factory';\nexport const value = makeSampler()(3);\nconsole.log(value);\n`,
    },
    expected: [],
  },
  {
    name: 'reparameterized sampler returned by a factory',
    files: {
      'factory.ts': `${TF}export function makeSampler(scale: number) {
  return (mu: tf.Tensor) => mu.add(tf.randomNormal(mu.shape).mul(scale));
}
`,
      'train.ts': train(`import { makeSampler } from './factory';`, 'makeSampler(0.1)(mu)'),
    },
    expected: [],
  },
];
