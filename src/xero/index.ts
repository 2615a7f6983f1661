/** The xero/ layer's public surface: readers for XPM and Xero responses, and request builders. */
export type { XeroConnection, XpmClient, XpmContact, XpmRef, XpmStaff } from './types';

export { MAX_XML_DEPTH, MAX_XML_TEXT_CHARS, XmlStream } from './xml-stream';
export type { XmlHandler } from './xml-stream';
export { MAX_XPM_ERROR_DESCRIPTION_CHARS } from './xpm-envelope';
export type { XpmEnvelopeSummary } from './xpm-envelope';
export { XpmRecordReader } from './xpm-record-reader';
export type { XpmReadSummary } from './xpm-record-reader';
export { createClientListReader } from './client-list-reader';
export { createStaffListReader } from './staff-list-reader';
export { MAX_XPM_RESPONSE_BYTES, assertXmlResponse, pipeXmlBody } from './xml-body';
export type { BodyOptions, TextSink } from './xml-body';
export { parseClientListXml, parseStaffListXml, readClientList, readStaffList } from './xpm-read';
export type { XpmBodySummary } from './xpm-read';

export { parseXeroProblem, readXeroProblem } from './xero-problem';
export type { XeroProblem, XeroProblemKind } from './xero-problem';
export { isInvalidGrant, parseOAuthError, readOAuthError } from './oauth-error';
export type { OAuthErrorBody } from './oauth-error';
export { PRACTICE_MANAGER_TENANT_TYPE, parseConnections, practiceConnections, readConnections } from './connections';
export { parseHttpDate, parseRetryAfter, readRateLimitHeaders } from './rate-limit';
export type { RateLimitHeaders } from './rate-limit';

export { clientListRequest, formatModifiedSince, staffListRequest } from './xpm-requests';
export type { XpmCall } from './xpm-requests';
export { connectionsRequest, deleteConnectionRequest } from './connection-requests';
export { XPM_WEB_BASE, xpmClientWebUrl } from './xpm-links';
export { isUuid } from './ids';
