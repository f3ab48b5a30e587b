/**
 * `npm run preview`: the sidebar, served locally against the demo workbook, so anyone can try it
 * without Google. google.script.run is replaced by a small shim that posts to /api, where the same
 * server code (src/app/sidebar/server.ts) runs over the .xlsx workbook.
 *
 *   http://localhost:8080/?email=t005@mektep12.kg   as that person (a teacher)
 *   http://localhost:8080/?email=z01@mektep12.kg    as a завуч (the dashboard)
 *   http://localhost:8080/                          with no e-mail: pick yourself once
 *
 * `--refuse N` answers the first N calls as Google does past its per-minute limit (see `quota`).
 */
import { createServer, type Server } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { handle, LockBusyError, type SidebarHost } from "../app/sidebar/server";
import { langFromLocale, type Lang, type MessageKey } from "../core/messages/index";
import type { WorkbookPort } from "../workbook/port";
import type { DistrictHost } from "../app/districtGather";

export interface PreviewOptions {
  port: number;
  workbook: WorkbookPort;
  html: string;
  now?: () => Date;
  /** A district spreadsheet's gathering of school applications (tests give it a fake of other spreadsheets). */
  district?: () => DistrictHost;
  /** The dashboard's one-time notice for a user, as the Sheets host gives it (e.g. where the Sheets API is off). */
  notice?: (email: string) => MessageKey | null;
  /**
   * Google's per-minute limit, played: while `refusals` is above 0, each call is answered
   * { status: "error", type: "quota" } unrun (as the server does when Sheets says 429: nothing
   * written) and `refusals` goes down by one. The object is read at each call, so a test may set
   * it again between steps.
   */
  quota?: { refusals: number };
  /** The export's host (Sheets only): tests give it a fake. */
  exportApplication?: SidebarHost["exportApplication"];
  /** Called after every request that may have changed the workbook. */
  afterWrite?: () => Promise<void>;
  log?: (line: string) => void;
}

const SHIM = `<script>
/* Preview only: google.script.run, routed to the local server. */
(function () {
  var email = new URLSearchParams(location.search).get("email") || "";
  function runner() {
    var ok = function () {}, fail = function () {};
    var r = {
      withSuccessHandler: function (f) { ok = f; return r; },
      withFailureHandler: function (f) { fail = f; return r; },
      sidebarCall: function (fn, args) {
        fetch("/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ fn: fn, args: args, email: email }) })
          .then(function (res) { return res.json(); })
          .then(ok, fail);
      }
    };
    return r;
  }
  window.google = { script: {} };
  Object.defineProperty(window.google.script, "run", { get: runner });
})();
</script>`;

export function previewPage(html: string): string {
  return html.replace("</head>", `${SHIM}\n</head>`);
}

export interface Preview {
  server: Server;
  url: string;
  /** Every "go to cell" the sidebar asked for (Sheets would select the cell). */
  goTos: { tab: string; cell: string }[];
  /** Who picked themselves, by e-mail ("" for none): as Apps Script keeps it in user properties. */
  chosen: Map<string, string>;
  /** Every call the page made, in order, and whether it was refused for the per-minute limit. */
  calls: { fn: string; refused: boolean }[];
}

export function startPreview(options: PreviewOptions): Promise<Preview> {
  const chosen = new Map<string, string>();
  const langs = new Map<string, Lang>();
  const goTos: { tab: string; cell: string }[] = [];
  const calls: { fn: string; refused: boolean }[] = [];
  let busy = false;
  const hostFor = (email: string, acceptLanguage: string): SidebarHost => ({
    port: () => options.workbook,
    email: () => email,
    chosenId: () => chosen.get(email) ?? null,
    setChosenId: (id) => chosen.set(email, id),
    lang: () => langs.get(email) ?? langFromLocale(acceptLanguage),
    setLang: (lang) => langs.set(email, lang),
    locked: (work) => {
      if (busy) throw new LockBusyError();
      busy = true;
      try {
        return work();
      } finally {
        busy = false;
      }
    },
    now: options.now ?? (() => new Date()),
    goTo: (tab, cell) => {
      goTos.push({ tab, cell });
      options.log?.(`go to ${tab}!${cell}`);
    },
    district: options.district,
    notice: () => options.notice?.(email) ?? null,
    exportApplication: options.exportApplication,
  });
  const page = previewPage(options.html);
  const server = createServer((req, res) => {
    if (req.method === "GET" && (req.url === "/" || req.url?.startsWith("/?"))) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page);
      return;
    }
    if (req.method === "POST" && req.url === "/api") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", async () => {
        let answer: unknown;
        try {
          const { fn, args, email } = JSON.parse(body) as { fn: unknown; args: unknown; email: unknown };
          const refused = (options.quota?.refusals ?? 0) > 0;
          calls.push({ fn: String(fn), refused });
          if (refused) {
            options.quota!.refusals--;
            options.log?.(`quota: refused ${String(fn)}`);
            answer = { status: "error", type: "quota" };
          } else answer = handle(hostFor(typeof email === "string" ? email : "", String(req.headers["accept-language"] ?? "")), fn, args);
          if (!refused && options.afterWrite && typeof fn === "string" && /^(save|run|pick)/.test(fn)) await options.afterWrite();
        } catch {
          answer = { status: "error", type: "bad_request" };
        }
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(answer));
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  return new Promise((resolve) =>
    server.listen(options.port, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      resolve({ server, url: `http://127.0.0.1:${port}/`, goTos, chosen, calls });
    }),
  );
}

/** The command: serve the built sidebar over the demo workbook (or a workbook given with --file). */
export async function previewMain(argv: string[]): Promise<void> {
  const { XlsxWorkbookPort } = await import("../xlsx/xlsxPort");
  const { writeDemo } = await import("../app/demoWorkbook");
  const root = join(__dirname, "..", "..");
  const fileArg = argv.indexOf("--file");
  const file = fileArg >= 0 ? argv[fileArg + 1] : join(root, "out", "demo-school.xlsx");
  const portArg = argv.indexOf("--port");
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : 8080;
  let workbook: InstanceType<typeof XlsxWorkbookPort>;
  if (existsSync(file)) workbook = await XlsxWorkbookPort.load(file);
  else {
    workbook = XlsxWorkbookPort.empty();
    writeDemo(workbook);
  }
  const html = readFileSync(join(root, "dist", "Sidebar.html"), "utf8");
  const save = argv.includes("--save");
  const refuseArg = argv.indexOf("--refuse");
  const quota = refuseArg >= 0 ? { refusals: Number(argv[refuseArg + 1]) || 0 } : undefined;
  const { url } = await startPreview({
    port,
    workbook,
    html,
    afterWrite: save ? () => workbook.save(file) : undefined,
    quota,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    [
      `ҮКӨ sidebar preview: ${url}`,
      `  as a teacher:      ${url}?email=t005@mektep12.kg`,
      `  as a supervisor:   ${url}?email=d01@mektep12.kg`,
      `  as the завуч:      ${url}?email=z01@mektep12.kg`,
      `  no e-mail (pick):  ${url}`,
      ...(quota ? [`  the first ${quota.refusals} calls are refused for Google's per-minute limit`] : []),
      save ? `  changes are saved to ${file}` : `  changes stay in memory (add --save to write them to ${file})`,
      "",
    ].join("\n"),
  );
}
