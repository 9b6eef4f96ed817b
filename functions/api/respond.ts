/**
 * Response helpers: JSON bodies and binary (xlsx) bodies for API Gateway v2.
 *
 * @module
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON answer (UTF-8). */
export function json(
  body: unknown,
  statusCode = 200,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** The xlsx MIME type. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A binary answer (base64 in the event result, as API Gateway expects). */
export function binary(
  bytes: Uint8Array,
  contentType: string,
  filename: string,
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${asciiName(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    },
    body: Buffer.from(bytes).toString('base64'),
    isBase64Encoded: true,
  };
}

function asciiName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replaceAll('"', '_');
  return ascii || 'download.xlsx';
}
