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
