/**
 * Generates a detailed client list shaped like a large practice's `client.api/list?detailed=true`
 * (xpm-api.md §8.1, toolchain.md §4): about 40 fields per client, 2 contacts, groups, relationships
 * and a padded note containing `&amp;`. Deterministic, so runs are comparable.
 */

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function uuid(kind: number, n: number): string {
  const hex = (n * 2654435761 + kind * 40503).toString(16).padStart(12, '0').slice(-12);
  return `${pad(kind, 8)}-1a2b-4c3d-8e4f-${hex}`;
}

function contact(client: number, k: number): string {
  const n = client * 2 + k;
  return (
    `<Contact><UUID>${uuid(3, n)}</UUID><Name>Contact ${n} Person</Name><Salutation>Dear ${n}</Salutation>` +
    `<Addressee>Mr C ${n}</Addressee><Mobile>04${pad(n % 100000000, 8)}</Mobile>` +
    `<Email>person${n}@client${client}.example</Email><Phone>(02) 9${pad(n % 10000000, 7)}</Phone>` +
    `<IsDeleted>No</IsDeleted><IsPrimary>${k === 0 ? 'Yes' : 'No'}</IsPrimary><Position>Director</Position></Contact>`
  );
}

function client(i: number, noteChars: number): string {
  const note = `Note for client ${i} &amp; family. `
    .repeat(Math.ceil(noteChars / 34))
    .slice(0, noteChars)
    .replace(/&[a-z]*$/, '');
  return (
    `<Client><UUID>${uuid(1, i)}</UUID><Name>Client ${i} Pty Ltd</Name><Title>Mr</Title><Gender>M</Gender>` +
    `<FirstName>First${i}</FirstName><LastName>Last${i}</LastName><OtherName></OtherName>` +
    `<Email>accounts@client${i}.example</Email><DateOfBirth>1970-11-26T00:00:00</DateOfBirth>` +
    `<Address>${i} Quay Street\nLevel 2</Address><City>Sydney</City><Region>NSW</Region><PostCode>${pad(i % 10000, 4)}</PostCode>` +
    `<Country>Australia</Country><PostalAddress>PO Box ${i}\nShortland Street</PostalAddress><PostalCity>Sydney</PostalCity>` +
    `<PostalRegion>NSW</PostalRegion><PostalPostCode>2000</PostalPostCode><PostalCountry>Australia</PostalCountry>` +
    `<Phone>02 9555 ${pad(i % 10000, 4)}</Phone><Fax></Fax><Website>https://client${i}.example</Website>` +
    `<ReferralSource>Referral</ReferralSource><ExportCode>EXP${pad(i, 6)}</ExportCode><ClientCode>C${pad(i, 6)}</ClientCode>` +
    `<IsProspect>No</IsProspect><IsArchived>No</IsArchived><IsDeleted>No</IsDeleted>` +
    `<AccountManager><UUID>${uuid(2, i % 40)}</UUID><Name>Partner ${i % 40}</Name></AccountManager>` +
    `<JobManager><UUID>${uuid(2, 100 + (i % 40))}</UUID><Name>Manager ${i % 40}</Name></JobManager>` +
    `<Type><Name>20th of Month</Name><CostMarkup>0.00</CostMarkup><PaymentTerm>DayOfMonth</PaymentTerm><PaymentDay>20</PaymentDay></Type>` +
    `<TaxNumber>******${pad(i % 1000, 3)}</TaxNumber><CompanyNumber>${pad(i, 9)}</CompanyNumber>` +
    `<BusinessNumber>${pad(i, 11)}</BusinessNumber><BusinessStructure>Company</BusinessStructure><BalanceMonth>6</BalanceMonth>` +
    `<GSTRegistered>Yes</GSTRegistered><PrepareGST>Yes</PrepareGST><GSTPeriod>Quarterly</GSTPeriod><GSTBasis>Cash</GSTBasis>` +
    `<PrepareActivityStatement>Yes</PrepareActivityStatement><PrepareTaxReturn>Yes</PrepareTaxReturn>` +
    `<Contacts>${contact(i, 0)}${contact(i, 1)}</Contacts>` +
    `<Notes><Note><Title>Background</Title><Text>${note}</Text><Folder>General</Folder><Date>2024-01-01T00:00:00</Date><CreatedBy>Jo</CreatedBy></Note></Notes>` +
    `<Groups><Group><UUID>${uuid(4, i % 500)}</UUID><Name>Group ${i % 500}</Name></Group></Groups>` +
    `<Relationships><Relationship><UUID>${uuid(5, i)}</UUID><Type>Director</Type><RelatedClient><UUID>${uuid(1, (i + 1) % 15000)}</UUID>` +
    `<Name>Client ${(i + 1) % 15000} Pty Ltd</Name></RelatedClient><NumberOfShares>0</NumberOfShares></Relationship></Relationships>` +
    `<BillingClient><UUID>${uuid(1, i)}</UUID><Name>Client ${i} Pty Ltd</Name></BillingClient></Client>`
  );
}

/** A single-line document of `clients` clients, each padded by a note of `noteChars` characters. */
export function bigClientList(clients: number, noteChars = 350): string {
  const parts: string[] = ['<Response api-method="List"><Status>OK</Status><Clients>'];
  for (let i = 0; i < clients; i++) parts.push(client(i, noteChars));
  parts.push('</Clients></Response>');
  return parts.join('');
}

/** Splits text into pieces of `size` UTF-16 units, the way a 64 KiB stream would arrive. */
export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
