#!/usr/bin/env node
import { createEventfulApp } from './eventful-app.ts';

createEventfulApp().synth();
