import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Field } from './field';

afterEach(cleanup);

describe('Field', () => {
  it('names its control by the label alone, whatever the control holds', () => {
    render(<Field label="API token">{(id) => <input id={id} defaultValue="secret-value" />}</Field>);

    expect(screen.getByRole('textbox', { name: 'API token' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('announces what is wrong with the value under the control', () => {
    render(
      <Field label="Rule as JSON" error="That is not valid JSON.">
        {(id) => <textarea id={id} aria-invalid />}
      </Field>,
    );

    expect(screen.getByRole('textbox', { name: 'Rule as JSON' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('That is not valid JSON.');
  });
});
