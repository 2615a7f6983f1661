/**
 * A small bar chart in hand-made SVG (stacked when a bar has several series), with a value axis, a
 * time axis, a legend, an optional reference line (a limit) and each bar's values shown on hover and
 * on keyboard focus. The drawing is hidden from assistive technology; over it, one transparent button
 * per bar carries the bar's values as its name. The bars are one tab stop: arrow keys, Home and End
 * move between them. Callers put a table with the same numbers beside it (the text alternative).
 */
import { createMemo, createSignal, For, Index, Show, type JSX } from 'solid-js';
import { formatCount } from '../../format';
import { axisTicks } from './trend-data';

export interface BarDatum {
  /** Short label under the bar (shown for some bars only when crowded). */
  readonly tick: string;
  /** Full description of the bar, first line of its readout. */
  readonly title: string;
  /** One value per series. */
  readonly values: readonly number[];
}

export interface BarChartProps {
  /** Prefix for element ids, unique on the page. */
  readonly id: string;
  readonly caption: string;
  /** One sentence saying what the chart shows (its text summary for screen readers). */
  readonly summary: string;
  readonly series: readonly string[];
  readonly bars: readonly BarDatum[];
  /** What a value counts, for the axis and the readout ("records", "calls"). */
  readonly unit: string;
  readonly reference?: { readonly value: number; readonly label: string };
}

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 52 } as const;
/** Widest bar: a few runs should not turn into solid blocks. */
const MAX_BAR = 36;
/** Time-axis labels kept apart by at least this many pixels (about one label's width). */
const MIN_TICK_GAP = 64;

export function BarChart(props: BarChartProps): JSX.Element {
  const [active, setActive] = createSignal<number | null>(null);
  const [focusIndex, setFocusIndex] = createSignal(0);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const totals = createMemo(() => props.bars.map((bar) => bar.values.reduce((a, b) => a + b, 0)));
  const ticks = createMemo(() => axisTicks(Math.max(1, ...totals(), props.reference?.value ?? 0)));
  const top = () => ticks()[ticks().length - 1] ?? 1;
  const y = (value: number) => MARGIN.top + plotH - (value / top()) * plotH;
  const slot = () => plotW / Math.max(1, props.bars.length);
  const barWidth = () => Math.min(MAX_BAR, slot() * 0.7);
  const x = (index: number) => MARGIN.left + index * slot() + (slot() - barWidth()) / 2;
  const tickEvery = () => Math.max(1, Math.ceil(MIN_TICK_GAP / slot()));
  const current = () => {
    const index = active();
    return index === null ? undefined : props.bars[index];
  };
  const move = (event: KeyboardEvent, index: number) => {
    const last = props.bars.length - 1;
    const next =
      event.key === 'ArrowRight' || event.key === 'ArrowUp'
        ? Math.min(last, index + 1)
        : event.key === 'ArrowLeft' || event.key === 'ArrowDown'
          ? Math.max(0, index - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    const target = (event.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(
      `[data-bar="${next}"]`,
    );
    target?.focus();
  };
  const readout = (bar: BarDatum, total: number): string =>
    [
      `${bar.title}: ${formatCount(total)} ${props.unit}`,
      ...(props.series.length > 1
        ? bar.values.flatMap((value, i) => (value > 0 ? [`${props.series[i] ?? ''} ${formatCount(value)}`] : []))
        : []),
    ].join('; ');
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.caption}</figcaption>
      <p class="hint" id={`${props.id}-summary`}>
        {props.summary}
      </p>
      <Show when={props.series.length > 1}>
        <ul class="chart-legend" aria-label="Legend">
          <Index each={props.series}>
            {(label, i) => (
              <li>
                <span class={`swatch series-${i}`} aria-hidden="true" />
                {label()}
              </li>
            )}
          </Index>
        </ul>
      </Show>
      <div class="chart-frame">
        <svg class="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
          <For each={ticks()}>
            {(tick) => (
              <g class="chart-grid">
                <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} />
                <text x={MARGIN.left - 6} y={y(tick)} text-anchor="end" dominant-baseline="middle">
                  {formatCount(tick)}
                </text>
              </g>
            )}
          </For>
          <text
            class="chart-axis-title"
            transform={`translate(12 ${MARGIN.top + plotH / 2}) rotate(-90)`}
            text-anchor="middle"
          >
            {props.unit}
          </text>
          <Show when={props.reference}>
            {(reference) => (
              <g class="chart-reference">
                <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(reference().value)} y2={y(reference().value)} />
                <text x={WIDTH - MARGIN.right} y={y(reference().value) - 4} text-anchor="end">
                  {reference().label}
                </text>
              </g>
            )}
          </Show>
          <Index each={props.bars}>
            {(bar, index) => {
              return (
                <g class="chart-bar" classList={{ active: active() === index }}>
                  <rect
                    class="chart-hit"
                    x={MARGIN.left + index * slot()}
                    y={MARGIN.top}
                    width={slot()}
                    height={plotH}
                  />
                  <Index each={bar().values}>
                    {(value, i) => {
                      const below = () =>
                        bar()
                          .values.slice(0, i)
                          .reduce((a, b) => a + b, 0);
                      return (
                        <rect
                          class={`series-${props.series.length > 1 ? i : 0}`}
                          x={x(index)}
                          y={y(below() + value())}
                          width={barWidth()}
                          height={Math.max(0, y(below()) - y(below() + value()))}
                        />
                      );
                    }}
                  </Index>
                  <Show when={index % tickEvery() === 0 || index === props.bars.length - 1}>
                    <text
                      class="chart-tick"
                      x={x(index) + barWidth() / 2}
                      y={HEIGHT - MARGIN.bottom + 16}
                      text-anchor="middle"
                    >
                      {bar().tick}
                    </text>
                  </Show>
                </g>
              );
            }}
          </Index>
          <line
            class="chart-axis"
            x1={MARGIN.left}
            x2={WIDTH - MARGIN.right}
            y1={MARGIN.top + plotH}
            y2={MARGIN.top + plotH}
          />
        </svg>
        {/* One button per bar over the drawing: the whole slot answers the pointer (a bar of 0 too). */}
        <div
          class="chart-targets"
          role="group"
          aria-labelledby={`${props.id}-caption`}
          aria-describedby={`${props.id}-summary`}
        >
          <Index each={props.bars}>
            {(bar, index) => (
              <button
                type="button"
                class="chart-target"
                data-bar={index}
                style={{
                  left: `${((MARGIN.left + index * slot()) / WIDTH) * 100}%`,
                  width: `${(slot() / WIDTH) * 100}%`,
                  top: `${(MARGIN.top / HEIGHT) * 100}%`,
                  height: `${(plotH / HEIGHT) * 100}%`,
                }}
                tabIndex={focusIndex() === index ? 0 : -1}
                aria-label={readout(bar(), totals()[index] ?? 0)}
                onMouseEnter={() => setActive(index)}
                onMouseLeave={() => setActive(null)}
                onFocus={() => {
                  setActive(index);
                  setFocusIndex(index);
                }}
                onBlur={() => setActive(null)}
                onClick={() => setActive(index)}
                onKeyDown={(event) => move(event, index)}
              />
            )}
          </Index>
        </div>
        <p class="chart-readout" aria-hidden="true">
          {(() => {
            const bar = current();
            const index = active();
            return bar === undefined || index === null
              ? 'Point at a bar, or tab to the chart and use the arrow keys, to see its values.'
              : readout(bar, totals()[index] ?? 0);
          })()}
        </p>
      </div>
    </figure>
  );
}
