/** Where the checked-in types live. */
export declare const GENERATED_TYPES_URL: URL;

/** The TypeScript source for an OpenAPI document, exactly as it is checked in. */
export declare function openApiToTypeScript(document: object): Promise<string>;
