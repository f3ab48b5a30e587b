/**
 * Google's refusals told apart from our own errors, at the edge: the Sheets API advanced service
 * throws plain errors whose text says what happened. Those the product acts on become typed errors.
 */
import { ApiNotEnabledError, QuotaError } from "../app/hostErrors";
import type { SheetsApi } from "./sheetsApiPort";

/** HTTP 429: "Quota exceeded for quota metric 'Read requests' …" (https://developers.google.com/sheets/api/limits). */
export function isQuotaRefusal(error: unknown): boolean {
  return /Quota exceeded|RESOURCE_EXHAUSTED|Rate Limit Exceeded|\b429\b/i.test(String((error as Error)?.message ?? error));
}

/**
 * HTTP 403 "Google Sheets API has not been used in project N before or it is disabled": the
 * service is on in the script but not enabled in its standard Cloud project
 * (https://developers.google.com/apps-script/guides/services/advanced#enable_advanced_services).
 */
export function isApiNotEnabled(error: unknown): boolean {
  return /has not been used in project|it is disabled|accessNotConfigured|SERVICE_DISABLED/i.test(String((error as Error)?.message ?? error));
}

function typed(error: unknown): unknown {
  if (isQuotaRefusal(error)) return new QuotaError(String((error as Error).message));
  if (isApiNotEnabled(error)) return new ApiNotEnabledError(String((error as Error).message));
  return error;
}

function guard<T extends (...args: never[]) => unknown>(call: T): T {
  return ((...args: Parameters<T>) => {
    try {
      return call(...args);
    } catch (error) {
      throw typed(error);
    }
  }) as T;
}

/** The advanced service with Google's refusals typed (QuotaError, ApiNotEnabledError). */
export function guardedApi(api: SheetsApi): SheetsApi {
  return {
    Spreadsheets: {
      get: guard((id: string, args: object) => api.Spreadsheets.get(id, args)),
      batchUpdate: guard((body: GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetRequest, id: string) => api.Spreadsheets.batchUpdate(body, id)),
      Values: { batchGet: guard((id: string, args: object) => api.Spreadsheets.Values.batchGet(id, args)) },
    },
  };
}
