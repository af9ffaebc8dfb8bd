/**
 * Cross-module cases for methods whose code or constructor lives elsewhere: methods inherited from
 * a base class of another module (a subclass's `super(…)` arguments mapped onto the base's
 * constructor parameters) and methods of exported instances whose constructor arguments are fixed
 * at the `new` site. Same shape as `members.cases.ts`, whose helpers build the training files.
 */
import { JSTAT, TF, loss, train, type MemberCase } from './members.cases';

export const invalid: MemberCase[] = [
  {
    name: 'method inherited from a base class of another module',
    files: {
      'a.ts': `${TF}export class Base {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
`,
      'b.ts': `import { Base } from './a';\nexport class Sampler extends Base {}\n`,
      'train.ts': train(`import { Sampler } from './b';`, 'new Sampler().draw(mu)'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 6, column: 20, severed: ['mu'], related: { file: 'a.ts', line: 4, column: 12 } }],
  },
  {
    name: "inherited method sampling the base constructor's argument, subclass forwarding it through super",
    files: {
      'a.ts': `${TF}export class Base {
  constructor(protected mean: tf.Tensor) {}
  sample(): tf.Tensor {
    return tf.randomNormal([1], this.mean.dataSync()[0], 1);
  }
}
`,
      'b.ts': `import * as tf from '@tensorflow/tfjs';\nimport { Base } from './a';\nexport class Gaussian extends Base {\n  constructor(scale: number, mean: tf.Tensor) {\n    super(mean);\n  }\n}\n`,
      'train.ts': train(`import { Gaussian } from './b';`, 'new Gaussian(1, mu).sample()'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 6, column: 20, severed: ['mu'], related: { file: 'a.ts', line: 5, column: 12 } }],
  },
  {
    name: "exported instance whose method uses its constructor's constant argument",
    files: {
      'gaussian.ts': `${TF}class Gaussian {
  constructor(private readonly sd: number) {}
  sample(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], this.sd);
  }
}
export const sampler = new Gaussian(0.1);
`,
      'train.ts': train(`import { sampler } from './gaussian';`, 'sampler.sample(mu)'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 6, column: 20, severed: ['mu'], related: { file: 'gaussian.ts', line: 5, column: 12 } }],
  },
  {
    name: 'exported instance of an imported class built with constant arguments',
    files: {
      'gaussian.ts': `${JSTAT}export class Gaussian {
  constructor(private readonly sd: number) {}
  sample(mu: number): number {
    return jStat.normal.sample(mu, this.sd);
  }
}
`,
      'instance.ts': `import { Gaussian } from './gaussian';\nexport const sampler = new Gaussian(0.5);\n`,
      'loss.ts': loss(`import { sampler } from './instance';`, 'sampler.sample(theta[0])'),
    },
    expected: [{ file: 'loss.ts', ruleId: 'opaque-sampler', line: 4, column: 13, severed: ['theta'], related: { file: 'gaussian.ts', line: 5, column: 12 } }],
  },
  {
    name: 'subclass declared in the training file itself, of a class imported through another subclass',
    files: {
      'a.ts': `${TF}export class Base {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
`,
      'b.ts': `import { Base } from './a';\nexport class Sampler extends Base {}\n`,
      'train.ts': train(`import { Sampler } from './b';\nclass Mine extends Sampler {}`, 'new Mine().draw(mu)').replace('const mu', '\nconst mu'),
    },
    expected: [{ file: 'train.ts', ruleId: 'opaque-sampler', line: 8, column: 20, severed: ['mu'], related: { file: 'a.ts', line: 4, column: 12 } }],
  },
];

export const valid: MemberCase[] = [
  {
    name: 'pathwise method inherited from a base class of another module',
    files: {
      'a.ts': `${TF}export class Base {
  draw(mu: tf.Tensor): tf.Tensor {
    return mu.add(tf.randomNormal([1]));
  }
}
`,
      'b.ts': `import { Base } from './a';\nexport class Sampler extends Base {}\n`,
      'train.ts': train(`import { Sampler } from './b';`, 'new Sampler().draw(mu)'),
    },
    expected: [],
  },
  {
    name: 'exported instance built with a trainable argument: no claim about the caller\'s argument',
    files: {
      'gaussian.ts': `${TF}class Gaussian {
  constructor(private readonly mean: tf.Tensor) {}
  sample(x: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], this.mean.dataSync()[0], 1).add(x);
  }
}
const w = tf.variable(tf.zeros([1]));
export const sampler = new Gaussian(w);
`,
      'train.ts': train(`import { sampler } from './gaussian';`, 'sampler.sample(mu)'),
    },
    expected: [],
  },
  {
    name: 'subclass of an imported base handing super a constant: the caller\'s argument does not reach the base\'s sampler',
    files: {
      'a.ts': `${TF}export class Base {
  constructor(protected mean: tf.Tensor) {}
  sample(): tf.Tensor {
    return tf.randomNormal([1], this.mean.dataSync()[0], 1);
  }
}
`,
      'b.ts': `import * as tf from '@tensorflow/tfjs';\nimport { Base } from './a';\nexport class Fixed extends Base {\n  constructor(prior: tf.Tensor) {\n    super(tf.zeros([1]));\n  }\n}\n`,
      'train.ts': train(`import { Fixed } from './b';`, 'new Fixed(mu).sample()'),
    },
    expected: [],
  },
  {
    name: 'subclass overriding an imported opaque method with a pathwise one',
    files: {
      'a.ts': `${TF}export class Base {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
`,
      'b.ts': `import * as tf from '@tensorflow/tfjs';\nimport { Base } from './a';\nexport class Sampler extends Base {\n  draw(mu: tf.Tensor): tf.Tensor {\n    return mu.add(tf.randomNormal([1]));\n  }\n}\n`,
      'train.ts': train(`import { Sampler } from './b';`, 'new Sampler().draw(mu)'),
    },
    expected: [],
  },
  {
    name: 'subclass in the training file overriding the imported opaque method with a pathwise one',
    files: {
      'a.ts': `${TF}export class Base {
  draw(mu: tf.Tensor): tf.Tensor {
    return tf.randomNormal([1], mu.dataSync()[0], 1);
  }
}
`,
      'train.ts': train(`import { Base } from './a';\nclass Mine extends Base {\n  draw(mu: tf.Tensor): tf.Tensor {\n    return mu.add(tf.randomNormal([1]));\n  }\n}`, 'new Mine().draw(mu)'),
    },
    expected: [],
  },
];
