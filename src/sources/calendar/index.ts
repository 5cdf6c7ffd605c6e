/** The `calendar` EventSource type. */
export { calendarDriver, createCalendarDriver, type CalendarDriverOptions } from './driver.js';
export { kvCalendarStore, type CalendarStore, type OpenKv } from './store.js';
export { formatGoTime, parseGoTime } from './go-time.js';
