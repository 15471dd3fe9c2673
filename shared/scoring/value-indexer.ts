/**
 * Numbers each distinct value in the order first seen, so a model's likelihood is computed once
 * per distinct value (a base of 100,000 customers has a few thousand distinct times).
 *
 * @example
 * const xs = valueIndexer();
 * xs.of(3); xs.of(5); xs.of(3); // 0, 1, 0
 * xs.values; // [3, 5]
 */
export function valueIndexer(): { values: number[]; of(value: number): number } {
  const positions = new Map<number, number>();
  const values: number[] = [];
  return {
    values,
    of(value: number) {
      let position = positions.get(value);
      if (position === undefined) {
        position = values.length;
        positions.set(value, position);
        values.push(value);
      }
      return position;
    },
  };
}
