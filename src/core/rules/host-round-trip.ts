/**
 * `host-round-trip`: a trainable-dependent tensor copied to the host (`dataSync`, `arraySync`,
 * `data`, `array`, `bufferSync`, `get`, `Number(t)`, `parseFloat(t)`) whose plain-number value
 * flows back into the loss. The copy is not an op, so the graph has no edge through it. When the
 * copy only feeds a sampler's parameters, the `opaque-sampler` finding on that sampler reports it.
 */
import { isTainted, passedMarks, type Value } from '../analysis/value';
import { formatMessage, messageData, type CallInfo, type Rule, type RuleApi } from './types';

const METHODS = new Set(['dataSync', 'arraySync', 'data', 'array', 'bufferSync', 'buffer', 'get', 'item']);
const GLOBALS = new Set(['Number', 'parseFloat', 'parseInt']);

function hostCopy(call: CallInfo, api: RuleApi, src: Value, srcNode: import('typescript').Node, op: string): Value {
  const c = api.candidate('host-round-trip', call.node, { sampler: op, family: null, from: [srcNode], values: [src] });
  const marks = passedMarks(src);
  if (c) marks.add(c);
  const out: Value = {};
  if (marks.size) out.marks = marks;
  if (src.scores) out.scores = src.scores;
  return out;
}

export const hostRoundTrip: Rule = {
  id: 'host-round-trip',
  meta: {
    defaultSeverity: 'warning',
    fixable: false,
    docs: { description: 'A trainable tensor read back to the host and reused in the loss has no gradient path.', url: 'docs/rules/host-round-trip.md' },
    messages: {
      copy:
        'Host round trip {{sampler}} on trainable {{names}}: {{text}} copies the tensor to a plain number that flows back into the loss; the copy is not an op, so autodiff sees no path and ∂loss/∂{{first}} through it is 0.',
    },
  },
  visitor: {
    CallExpression(call, api) {
      const name = call.name;
      if (!name) return undefined;
      if (call.receiverNode && call.receiver && METHODS.has(name) && isTainted(call.receiver)) {
        return hostCopy(call, api, call.receiver, call.receiverNode, name);
      }
      const arg = call.node.arguments[0];
      if (!call.receiverNode && GLOBALS.has(name) && arg && isTainted(call.args[0]) && api.isGlobal(name, call.node)) {
        return hostCopy(call, api, call.args[0], arg, name);
      }
      return undefined;
    },
  },
  message(c) {
    return formatMessage(hostRoundTrip.meta.messages.copy, messageData(c));
  },
};
