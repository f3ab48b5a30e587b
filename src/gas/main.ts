/**
 * Apps Script entry points. The build wraps this module in an IIFE (global UKOO) and generates one
 * top-level `function` per export below, because menus, triggers and google.script.run can only
 * call real top-level functions; a server-only helper ends in "_" and gets none. Nothing here
 * touches a service at module load: onOpen also runs in AuthMode.NONE.
 *
 * - menu.ts — the menu and the school's steps (set-up, check, generate, export, plans, new year);
 * - sidebarHost.ts — the sidebar and the district's gathering;
 * - privateMode.ts — the web app for teachers who never get the spreadsheet;
 * - editTrigger.ts — the audit log of edits made in the grid;
 * - selfTest.ts — the check of Google's rules on the real spreadsheet.
 */
export { onOpen, onInstall, menuSetUp, menuCheck, menuGenerate, menuGenerateProvisional, menuExportApplication, menuPlansPdf, menuNewYear } from "./menu";
export { menuOpenSidebar, menuDistrict, sidebarCall } from "./sidebarHost";
export { menuPrivateMode, doGet, privateCall } from "./privateMode";
export { logEdit } from "./editTrigger";
export { menuSelfTest } from "./selfTest";
