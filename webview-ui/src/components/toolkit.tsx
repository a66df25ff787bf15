// The one module that knows the UI toolkit: panels use these small components, so replacing the
// (deprecated upstream) toolkit means rewriting this file only.
import {
  VSCodeButton,
  VSCodeCheckbox,
  VSCodeDropdown,
  VSCodeOption,
  VSCodePanels,
  VSCodePanelTab,
  VSCodePanelView,
} from '@vscode/webview-ui-toolkit/react';
import type { ReactNode, SyntheticEvent } from 'react';

// The wrappers type `onChange` as both a DOM listener and React's handler; at run time it is the
// element's own DOM event.
type ElementEvent = Event | SyntheticEvent;

export interface ButtonProps {
  children: ReactNode;
  onClick: () => void;
  appearance?: 'primary' | 'secondary' | 'icon';
  /** required for icon buttons, whose text is not a label */
  ariaLabel?: string;
  title?: string;
  disabled?: boolean;
}

export function Button({ children, onClick, appearance = 'secondary', ariaLabel, title, disabled }: ButtonProps) {
  return (
    <VSCodeButton appearance={appearance} aria-label={ariaLabel} title={title ?? ariaLabel} disabled={disabled} onClick={onClick}>
      {children}
    </VSCodeButton>
  );
}

export interface CheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
  id?: string;
}

export function Checkbox({ checked, onChange, children, id }: CheckboxProps) {
  return (
    <VSCodeCheckbox
      id={id}
      checked={checked}
      // The element also fires `change` when React sets `checked`; reading the element's own state
      // makes that echo harmless.
      onChange={(event: ElementEvent) => {
        const target = event.target as HTMLInputElement | null;
        if (target && target.checked !== checked) onChange(target.checked);
      }}
    >
      {children}
    </VSCodeCheckbox>
  );
}

export interface DropdownOption {
  value: string;
  label: string;
}

export interface DropdownProps {
  value: string;
  options: readonly DropdownOption[];
  onChange: (value: string) => void;
  ariaLabel: string;
  id?: string;
}

export function Dropdown({ value, options, onChange, ariaLabel, id }: DropdownProps) {
  return (
    <VSCodeDropdown
      id={id}
      aria-label={ariaLabel}
      value={value}
      onChange={(event: ElementEvent) => {
        const target = event.target as HTMLSelectElement | null;
        if (target && target.value !== value) onChange(target.value);
      }}
    >
      {options.map((option) => (
        <VSCodeOption key={option.value} value={option.value} selected={option.value === value}>
          {option.label}
        </VSCodeOption>
      ))}
    </VSCodeDropdown>
  );
}

export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
  content: ReactNode;
}

export interface TabsProps<Id extends string> {
  tabs: readonly TabSpec<Id>[];
  active: Id;
  onChange: (id: Id) => void;
  ariaLabel: string;
}

const tabElementId = (id: string): string => `tab-${id}`;

/** Arrow keys, Home and End move between tabs (the toolkit's tablist keyboard handling). */
export function Tabs<Id extends string>({ tabs, active, onChange, ariaLabel }: TabsProps<Id>) {
  return (
    <VSCodePanels
      aria-label={ariaLabel}
      activeid={tabElementId(active)}
      onChange={(event: ElementEvent) => {
        // Controls inside the panels fire bubbling `change` events of their own.
        if (event.target !== event.currentTarget) return;
        const tab = (event as CustomEvent<HTMLElement | undefined>).detail;
        const chosen = tabs.find((t) => tabElementId(t.id) === tab?.id);
        if (chosen && chosen.id !== active) onChange(chosen.id);
      }}
    >
      {tabs.map((tab) => (
        <VSCodePanelTab key={tab.id} id={tabElementId(tab.id)}>
          {tab.label}
        </VSCodePanelTab>
      ))}
      {tabs.map((tab) => (
        <VSCodePanelView key={tab.id} id={`view-${tab.id}`}>
          {tab.content}
        </VSCodePanelView>
      ))}
    </VSCodePanels>
  );
}
