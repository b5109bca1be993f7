/**
 * An indexed binary min-heap over a fixed set of slots, each with one key (its next event time).
 * Every slot is always in the heap; "no event" is the key Infinity. Changing a key re-sifts that
 * slot only, so one event costs O(log slots).
 */
export class IndexedHeap {
  readonly keys: Float64Array;
  /** heap[k] = slot at heap position k. */
  private readonly heap: Int32Array;
  /** position[slot] = its index in `heap`. */
  private readonly position: Int32Array;

  constructor(readonly size: number) {
    this.keys = new Float64Array(size).fill(Infinity);
    this.heap = new Int32Array(size);
    this.position = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      this.heap[k] = k;
      this.position[k] = k;
    }
  }

  /** The slot with the smallest key. */
  top(): number {
    return this.heap[0] as number;
  }

  /** Sets a slot's key and restores the heap order. */
  set(slot: number, key: number): void {
    const old = this.keys[slot] as number;
    this.keys[slot] = key;
    if (key < old) this.siftUp(this.position[slot] as number);
    else if (key > old) this.siftDown(this.position[slot] as number);
  }

  /** Sets the key of the top slot, which can only move down (its key was the smallest). */
  replaceTop(key: number): void {
    this.keys[this.heap[0] as number] = key;
    this.siftDown(0);
  }

  /** Subtracts `offset` from every finite key; the order is unchanged. */
  shift(offset: number): void {
    for (let k = 0; k < this.size; k++) this.keys[k] = (this.keys[k] as number) - offset;
  }

  private siftUp(start: number): void {
    const heap = this.heap;
    const keys = this.keys;
    const slot = heap[start] as number;
    const key = keys[slot] as number;
    let k = start;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const parentSlot = heap[parent] as number;
      if ((keys[parentSlot] as number) <= key) break;
      heap[k] = parentSlot;
      this.position[parentSlot] = k;
      k = parent;
    }
    heap[k] = slot;
    this.position[slot] = k;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const keys = this.keys;
    const n = this.size;
    const slot = heap[start] as number;
    const key = keys[slot] as number;
    let k = start;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      let childSlot = heap[child] as number;
      let childKey = keys[childSlot] as number;
      if (child + 1 < n) {
        const rightSlot = heap[child + 1] as number;
        const rightKey = keys[rightSlot] as number;
        if (rightKey < childKey) {
          child++;
          childSlot = rightSlot;
          childKey = rightKey;
        }
      }
      if (childKey >= key) break;
      heap[k] = childSlot;
      this.position[childSlot] = k;
      k = child;
    }
    heap[k] = slot;
    this.position[slot] = k;
  }
}
