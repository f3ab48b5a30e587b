/**
 * Finds and starts a Chromium for the browser tests, on any Linux machine, with nothing to install.
 *
 * The order, first that starts wins:
 *   1. CHROMIUM_PATH, if set. It is the one asked for, so it is the only one tried: if it is
 *      missing or does not start, the tests fail rather than quietly test another browser.
 *   2. A system Chromium (/usr/bin/chromium, chromium-browser, google-chrome, or one of those on
 *      PATH). A file being there is not enough (a snap stub, a broken install): each is really
 *      started with playwright-core, and the next is tried if it fails.
 *   3. The headless Chromium shipped inside the npm dev dependency @sparticuz/chromium. It needs
 *      only libc, libexpat and libgcc, so it runs on a fresh machine where no system package (and
 *      no browser download) can be had. It is unpacked once into the temp folder.
 * If none starts, the error is one line naming each candidate and why it failed.
 *
 * Playwright gives every launch a fresh, empty --user-data-dir of its own.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];
const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome"];
const LAUNCH_TIMEOUT = 60_000;
const PACKAGE = "@sparticuz/chromium";
/**
 * @sparticuz/chromium's own flags (chromium.args) are made for AWS Lambda. These are left out:
 * --single-process ends the whole browser when a test closes its first page, and the two below
 * would let pages do what a real browser forbids, hiding the very errors the tests are there to catch.
 */
const DROPPED_FLAGS = ["--single-process", "--disable-web-security", "--allow-running-insecure-content"];

export interface Found {
  browser: Browser;
  /** What was started, for the log: e.g. "/usr/bin/chromium" or "@sparticuz/chromium 147.0.0 (/tmp/…/chromium)". */
  via: string;
}

/** The executable and flags that worked in this process, so later launches skip the search. */
let known: { executablePath: string; args: string[]; via: string } | undefined;

/** Starts the first Chromium that works (see the order above), headless, with `args` added. */
export async function launchChromium(args: string[]): Promise<Found> {
  if (known) {
    const browser = await start(known.executablePath, known.args);
    return { browser, via: known.via };
  }
  const tried: string[] = [];
  const attempt = async (via: string, executablePath: string, extra: string[]) => {
    const all = [...extra, ...args];
    try {
      const browser = await start(executablePath, all);
      known = { executablePath, args: all, via };
      const passedOver = tried.filter((t) => !t.endsWith(": no such file") && !t.startsWith("PATH: "));
      console.info(`browser tests: Chromium from ${via}${passedOver.length ? ` (passed over: ${passedOver.join("; ")})` : ""}`);
      return browser;
    } catch (error) {
      tried.push(`${via}: ${reason(error)}`);
      return undefined;
    }
  };
  const fail = (hint: string) =>
    new Error(`No Chromium for the browser tests. Tried: ${tried.join("; ")}. ${hint}`);

  const asked = process.env.CHROMIUM_PATH;
  if (asked) {
    if (!isFile(asked)) tried.push(`CHROMIUM_PATH=${asked}: no such file`);
    else {
      const via = `CHROMIUM_PATH=${asked}`;
      const browser = await attempt(via, asked, []);
      if (browser) return { browser, via };
    }
    throw fail("Fix CHROMIUM_PATH, or unset it to use a system Chromium or the bundled @sparticuz/chromium.");
  }

  const system = systemCandidates();
  for (const path of system) {
    if (!isFile(path)) {
      tried.push(`${path}: no such file`);
      continue;
    }
    const browser = await attempt(path, path, []);
    if (browser) return { browser, via: path };
  }
  if (system.length === SYSTEM_PATHS.length) tried.push(`PATH: no ${SYSTEM_NAMES.join(", ")}`);

  let bundled: { executablePath: string; args: string[]; version: string } | undefined;
  try {
    bundled = await unpackBundled();
  } catch (error) {
    tried.push(`${PACKAGE}: could not unpack: ${reason(error)}`);
  }
  if (bundled) {
    const via = `${PACKAGE} ${bundled.version} (${bundled.executablePath})`;
    const browser = await attempt(via, bundled.executablePath, bundled.args);
    if (browser) return { browser, via };
  }
  throw fail("Set CHROMIUM_PATH to a Chromium that starts, or run `npm ci` to get @sparticuz/chromium.");
}

function start(executablePath: string, args: string[]): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args, timeout: LAUNCH_TIMEOUT });
}

/** The fixed system paths, then the same names looked up on PATH, each once. */
function systemCandidates(): string[] {
  const seen = new Set<string>(SYSTEM_PATHS);
  const onPath: string[] = [];
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of SYSTEM_NAMES) {
      const path = join(dir, name);
      if (!seen.has(path) && isFile(path)) {
        seen.add(path);
        onPath.push(path);
      }
    }
  }
  return [...SYSTEM_PATHS, ...onPath];
}

/**
 * Unpacks @sparticuz/chromium's Chromium into <temp>/ukoo-chromium-<version>/ (once; later runs reuse it).
 * The package unpacks into os.tmpdir() itself and takes any file already there as finished, so two
 * test files starting together could run a half-written binary. Each process therefore unpacks into
 * its own fresh folder (TMPDIR pointed at it only while the package picks its paths, which it does
 * synchronously) and then renames that folder into place; the first rename wins, a loser's copy is removed.
 */
async function unpackBundled(): Promise<{ executablePath: string; args: string[]; version: string }> {
  const require = createRequire(__filename);
  let version: string;
  try {
    // Its package.json is not exported; it sits two folders above the CommonJS entry (build/cjs/).
    const manifest = join(dirname(require.resolve(PACKAGE)), "..", "..", "package.json");
    version = JSON.parse(readFileSync(manifest, "utf8")).version;
  } catch {
    throw new Error("not installed (it is a dev dependency: run `npm ci`)");
  }
  const { default: Sparticuz } = await import("@sparticuz/chromium");
  const root = tmpdir();
  const dir = join(root, `ukoo-chromium-${version}`);
  const executablePath = join(dir, "chromium");
  if (!isFile(executablePath)) {
    const staging = mkdtempSync(join(root, `ukoo-chromium-${version}.`));
    const saved = process.env.TMPDIR;
    let unpacking: Promise<string>;
    process.env.TMPDIR = staging;
    try {
      unpacking = Sparticuz.executablePath();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    try {
      await unpacking;
      renameSync(staging, dir);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!isFile(executablePath)) throw error;
    }
  }
  return { executablePath, args: Sparticuz.args.filter((flag) => !DROPPED_FLAGS.includes(flag)), version };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Why a launch failed, in one short line: Playwright's message is many lines (the command line, a
 * call log); keep how the process ended and the first thing it printed on stderr, or else the first line.
 */
function reason(error: unknown): string {
  // eslint-disable-next-line no-control-regex
  const text = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, "");
  const first = (text.split("\n").find((l) => l.trim() !== "") ?? "failed").trim().replace(/^browserType\.launch:\s*/, "");
  const exit = /<process did exit: exitCode=(\w+), signal=(\w+)>/.exec(text);
  const stderr = /\[pid=\d+\]\[err\] (.*\S)/.exec(text)?.[1];
  let line = first;
  if (exit) {
    line = exit[2] !== "null" ? `killed by ${exit[2]}` : `exited with code ${exit[1]}`;
    if (stderr) line += `: ${stderr}`;
  }
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
