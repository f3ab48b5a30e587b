/** A Chromium (see findChromium.ts for which) driven by playwright-core, and the preview server. */
import type { MessageKey } from "../../src/core/messages/index";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Server } from "node:http";
import type { Browser, Page } from "playwright-core";
import { startPreview, type PreviewOptions } from "../../src/cli/preview";
import { writeDemo } from "../../src/app/demoWorkbook";
import { XlsxWorkbookPort } from "../../src/xlsx/xlsxPort";
import { TODAY } from "../helpers";
import type { DistrictHost } from "../../src/app/districtGather";
import { launchChromium } from "./findChromium";

/** Headless Chromium on a closed network: no sandbox as root, no GPU, and no calls home. */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"];
export const SCREENSHOTS = join(__dirname, "../../out/screenshots");
const ROOT = join(__dirname, "../..");

export interface Harness {
  browser: Browser;
  server: Server;
  url: string;
  workbook: XlsxWorkbookPort;
  goTos: { tab: string; cell: string }[];
  chosen: Map<string, string>;
  /** Google's per-minute limit, played by the server: set `refusals` to have the next calls refused. */
  quota: { refusals: number };
  /** Every call the pages made, and whether it was refused for the limit. */
  calls: { fn: string; refused: boolean }[];
  /** A page for `email`; `quotaDelaysMs` replaces the page's waits after a refusal (window.UKOO_QUOTA_DELAYS_MS). */
  page(email?: string, options?: { quotaDelaysMs?: number[] }): Promise<Page>;
  close(): Promise<void>;
}

/** The demo school by default; or another workbook, e.g. a district's, with its gathering host. */
export async function harness(
  options: { workbook?: XlsxWorkbookPort; district?: () => DistrictHost; notice?: (email: string) => MessageKey | null; exportApplication?: PreviewOptions["exportApplication"] } = {},
): Promise<Harness> {
  const { browser } = await launchChromium(CHROMIUM_ARGS);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const workbook = options.workbook ?? XlsxWorkbookPort.empty();
  if (!options.workbook) writeDemo(workbook, TODAY);
  const quota = { refusals: 0 };
  const preview = await startPreview({
    port: 0,
    workbook,
    html: readFileSync(join(ROOT, "dist/Sidebar.html"), "utf8"),
    now: () => TODAY,
    district: options.district,
    notice: options.notice,
    exportApplication: options.exportApplication,
    quota,
  }).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  const { server, url, goTos, chosen, calls } = preview;
  return {
    browser,
    server,
    url,
    workbook,
    goTos,
    chosen,
    quota,
    calls,
    async page(email?: string, pageOptions: { quotaDelaysMs?: number[] } = {}) {
      const page = await browser.newPage({ viewport: { width: 300, height: 900 }, locale: "ky-KG" });
      if (pageOptions.quotaDelaysMs) await page.addInitScript((ms) => ((window as unknown as { UKOO_QUOTA_DELAYS_MS: number[] }).UKOO_QUOTA_DELAYS_MS = ms), pageOptions.quotaDelaysMs);
      await page.goto(email === undefined ? url : `${url}?email=${encodeURIComponent(email)}`);
      await page.waitForSelector("h1");
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number }[]> {
  const source = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: source });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}
