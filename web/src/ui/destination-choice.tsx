import type { Destination, Page } from '../api/types';
import { useI18n } from '../i18n/locale';
import type { Loaded } from './use-api';

/**
 * Checkboxes choosing destinations (for a rule from a template, or a campaign's treatment).
 *
 * @example
 * <DestinationChoice legend={t('Send to')} destinations={destinations} chosen={chosen} onChange={setChosen} />
 */
export function DestinationChoice({
  legend,
  destinations,
  chosen,
  onChange,
}: {
  legend: string;
  destinations: Loaded<Page<Destination>>;
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) {
  const { t } = useI18n();
  const items = destinations.status === 'ready' ? destinations.data.items : [];
  return (
    <fieldset>
      <legend>{legend}</legend>
      {destinations.status === 'ready' && items.length === 0 ? (
        <p className="muted">{t('Create a destination first.')}</p>
      ) : null}
      {items.map((destination) => (
        <label key={destination.id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(destination.id)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...chosen, destination.id]
                  : chosen.filter((id) => id !== destination.id),
              )
            }
          />
          <span>{destination.name}</span>
        </label>
      ))}
    </fieldset>
  );
}
