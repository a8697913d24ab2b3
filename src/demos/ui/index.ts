/** The demo UI kit: framework-free DOM helpers shared by the MLP, CNN and LSTM demos (see README.md). */
export { backendMayStart, BACKEND_NAMES, button, createBackendSelect, createSelect, createSpeedReadout, createTransport, el, formatRate, setText, type BackendSelect, type LabelledSelect, type SpeedReadout, type Transport } from './controls.js';
export { colorVersion, createLineChart, cssColor, fitCanvas, type LineChart, type SeriesSpec } from './chart.js';
export { createSlider, type Slider } from './slider.js';
export { injectKitStyles, injectStyles, KIT_CSS, prefersReducedMotion } from './style.js';
