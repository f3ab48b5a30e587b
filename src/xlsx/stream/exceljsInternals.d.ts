/**
 * Types for the parts of ExcelJS 4.4 the streaming path uses beyond its published API: the style
 * manager (StylesXform), the range class behind merges, and the shared-formula translator. They
 * are plain CommonJS modules of the exceljs package, stable since 4.0.
 */
declare module "exceljs/lib/doc/range" {
  class Range {
    constructor(top: number, left: number, bottom: number, right: number);
    readonly range: string;
  }
  export = Range;
}

declare module "exceljs/lib/utils/shared-formula" {
  export function slideFormula(formula: string, fromCell: string, toCell: string): string;
}

declare module "exceljs/lib/xlsx/xform/style/numfmt-xform" {
  class NumFmtXform {
    static getDefaultFmtCode(id: number): string | undefined;
  }
  export = NumFmtXform;
}

declare module "exceljs/lib/xlsx/xform/style/styles-xform" {
  import type { Readable } from "node:stream";
  /** A cell format (`<xf>`) as the style manager keeps it after parsing styles.xml. */
  interface XfModel {
    numFmtId?: number;
    fontId?: number;
    fillId?: number;
    borderId?: number;
  }
  class StylesXform {
    constructor(initialise?: boolean);
    /** After parsing: the cell formats and the custom number formats by id. */
    model: { styles?: XfModel[]; dxfs?: unknown[] };
    index: { numFmt: Record<number, string> };
    parseStream(stream: Readable): Promise<unknown>;
    getStyleModel(id: number): Record<string, unknown> | null;
    getDxfStyle(id: number): Record<string, unknown> | undefined;
    addStyleModel(model: Record<string, unknown>, cellType?: number): number;
    addDxfStyle(style: Record<string, unknown>): number;
  }
  export = StylesXform;
}

declare module "exceljs/lib/xlsx/xform/book/workbook-xform" {
  class WorkbookXform {
    prepare(model: unknown): void;
    toXml(model: unknown): string;
  }
  export = WorkbookXform;
}

declare module "exceljs/lib/xlsx/xform/core/content-types-xform" {
  class ContentTypesXform {
    toXml(model: unknown): string;
  }
  export = ContentTypesXform;
}

declare module "exceljs/lib/doc/note" {
  class Note {
    constructor(note: string);
    readonly model: Record<string, unknown>;
  }
  export = Note;
}
