import { Producer } from 'kafkajs';
import { ProducerQueue } from './kafka-connection';

/** The queue's own logic (batching, renewal after a failed batch), over stand-in producers. */
function producer(name: string, log: string[], failFirst = false): Producer {
  let calls = 0;
  return {
    async sendBatch(batch: { topicMessages: Array<{ topic: string; messages: unknown[] }> }) {
      calls++;
      log.push(`${name}:send:${batch.topicMessages.map((t) => `${t.topic}x${t.messages.length}`).join(',')}`);
      if (failFirst && calls === 1) throw new Error('broker went away');
      return [];
    },
    async disconnect() {
      log.push(`${name}:disconnect`);
    },
  } as unknown as Producer;
}

describe('ProducerQueue', () => {
  it('batches what was queued while a batch was on its way, by topic', async () => {
    const log: string[] = [];
    const queue = new ProducerQueue(producer('p1', log));
    await Promise.all([queue.send('a', { value: '1' }), queue.send('a', { value: '2' }), queue.send('a', { value: '3' }), queue.send('b', { value: '4' })]);
    expect(log).toEqual(['p1:send:ax1', 'p1:send:ax2,bx1']);
  });

  it('sends a whole batch (sendAll) behind what was queued, in order, and resolves once every part was acknowledged', async () => {
    const log: string[] = [];
    const queue = new ProducerQueue(producer('p1', log), { maxBatchMessages: 3 });
    const single = queue.send('a', { value: '0' });
    let all = false;
    const batch = queue.sendAll(['1', '2', '3', '4', '5'].map((value) => ({ topic: value === '4' ? 'b' : 'a', message: { value } }))).then(() => (all = true));
    await single;
    expect(all).toBe(false);
    await batch;
    // 0 left at once; then 1–5 in batches of at most 3, in order.
    expect(log).toEqual(['p1:send:ax1', 'p1:send:ax3', 'p1:send:bx1,ax1']);
    await expect(queue.sendAll([])).resolves.toBeUndefined();
  });

  it('fails a whole batch (sendAll) when one of its produce requests fails', async () => {
    const log: string[] = [];
    const queue = new ProducerQueue(producer('p1', log, true), { maxBatchMessages: 2, renew: async () => producer('p2', log) });
    await expect(queue.sendAll(['1', '2', '3'].map((value) => ({ topic: 'a', message: { value } })))).rejects.toThrow('broker went away');
    await queue.send('a', { value: '4' });
    expect(log).toEqual(['p1:send:ax2', 'p1:disconnect', 'p2:send:ax1', 'p2:send:ax1']);
  });

  it('never strands a message queued just as a flush ends', async () => {
    const log: string[] = [];
    const queue = new ProducerQueue(producer('p1', log));
    for (let i = 0; i < 50; i++) {
      await queue.send('a', { value: String(i) });
      // The next send comes right after the previous one resolved, while that flush is finishing.
    }
    expect(log).toHaveLength(50);
  });

  it('replaces its producer after a failed batch, before the next one', async () => {
    const log: string[] = [];
    let renewals = 0;
    const queue = new ProducerQueue(producer('p1', log, true), {
      renew: async () => producer(`p${++renewals + 1}`, log),
    });
    await expect(queue.send('a', { value: '1' })).rejects.toThrow('broker went away');
    await queue.send('a', { value: '2' });
    await queue.send('a', { value: '3' });
    expect(log).toEqual(['p1:send:ax1', 'p1:disconnect', 'p2:send:ax1', 'p2:send:ax1']);
    expect(renewals).toBe(1);
  });

  it('keeps trying to renew while the broker is away, and fails those batches', async () => {
    const log: string[] = [];
    let attempts = 0;
    const queue = new ProducerQueue(producer('p1', log, true), {
      renew: async () => {
        if (++attempts < 3) throw new Error('still away');
        return producer('p2', log);
      },
    });
    await expect(queue.send('a', { value: '1' })).rejects.toThrow('broker went away');
    await expect(queue.send('a', { value: '2' })).rejects.toThrow('still away');
    await expect(queue.send('a', { value: '3' })).rejects.toThrow('still away');
    await queue.send('a', { value: '4' });
    expect(log).toEqual(['p1:send:ax1', 'p1:disconnect', 'p2:send:ax1']);
  });
});
