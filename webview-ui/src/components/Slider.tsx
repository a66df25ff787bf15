import { useId } from 'react';

export interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (value: number) => void;
  format?: (value: number) => string;
}

/** A labelled range input (the toolkit has none); arrow keys, Page Up/Down, Home and End move it. */
export function Slider({ label, value, min, max, step, onChange, format = String }: SliderProps) {
  const id = useId();
  return (
    <span className="slider">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={format(value)}
        onChange={(event) => onChange(Number(event.currentTarget.value))}
      />
      <output htmlFor={id}>{format(value)}</output>
    </span>
  );
}
