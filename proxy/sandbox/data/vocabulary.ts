/**
 * Word lists for the generator: an Australian-leaning practice with New Zealand, UK and other
 * clients, and the mix of backgrounds an Australian client list has. Every name here is invented
 * combination material; no list entry is a real client.
 */

export const FIRST_NAMES = [
  'Olivia', 'Jack', 'Charlotte', 'William', 'Amelia', 'Noah', 'Isla', 'Thomas', 'Mia', 'James',
  'Grace', 'Lachlan', 'Chloe', 'Oliver', 'Sophie', 'Liam', 'Emily', 'Harrison', 'Zoe', 'Cooper',
  'Leanne', 'Darren', 'Karen', 'Craig', 'Michelle', 'Brett', 'Tracey', 'Shane', 'Kylie', 'Wayne',
  'Margaret', 'Graham', 'Helen', 'Peter', 'Susan', 'Robert', 'Jennifer', 'David', 'Linda', 'Ian',
  'Wei', 'Mei', 'Jun', 'Xiaoling', 'Hao', 'Priya', 'Rahul', 'Anjali', 'Vikram', 'Deepa',
  'Minh', 'Linh', 'Thanh', 'Nikos', 'Eleni', 'Giuseppe', 'Francesca', 'Marco', 'Ahmed', 'Fatima',
  'Aroha', 'Tāne', 'Mere', 'Wiremu', 'Sione', 'Losana', 'Siobhan', 'Declan', 'Ingrid', 'Lars',
  'José', 'Lucía', 'Hyun-woo', 'Ji-yeon', 'Kenji', 'Yuki', 'Olga', 'Dmitri', 'Chidi', 'Amara',
] as const;

export const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'White', 'Martin', 'Anderson',
  'Thompson', 'Nguyen', 'Thomas', 'Walker', 'Harris', 'Lee', 'Ryan', 'Robinson', 'Kelly', 'King',
  'Campbell', 'Clarke', 'Mitchell', 'Young', 'Wright', 'Hughes', 'Edwards', 'Murphy', "O'Brien", 'McDonald',
  'Tran', 'Chen', 'Wang', 'Li', 'Zhang', 'Liu', 'Patel', 'Singh', 'Sharma', 'Kumar',
  'Papadopoulos', 'Russo', 'Romano', 'Costa', 'Rossi', 'Kowalski', 'Novak', 'Müller', 'Schmidt', 'Jensen',
  'Ngata', 'Parata', 'Tuhoe', 'Fifita', 'Tupou', 'Sullivan', 'Fitzgerald', 'MacKenzie', 'Duffy', 'Byrne',
  'Park', 'Kim', 'Choi', 'Tanaka', 'Sato', 'Haddad', 'Khoury', 'Hussain', 'Okafor', 'Mensah',
  'van der Berg', 'De Silva', 'Fernando', 'Perera', 'Gonzalez', 'Ramírez', 'Ivanov', 'Petrov', 'Walsh', 'Gallagher',
] as const;

/** Names in non-Latin scripts (CJK, Greek, Cyrillic, Hangul): valid data that trips ASCII assumptions. */
export const NON_LATIN_NAMES = ['陈伟', '王芳', 'Σοφία Παπαδοπούλου', 'Андрей Смирнов', '김민준', '山田 花子'] as const;

/** Latin names heavy with diacritics and combining marks. */
export const DIACRITIC_NAMES = ['Zoë Ngā-Tūī', 'Nguyễn Thị Hương', 'Søren Ødegård', 'Łukasz Wójcik', 'Chloé Lefèvre', 'Þór Jónsson'] as const;

/** Right-to-left names (Arabic, Hebrew): fine as data, awkward in tables and CSV viewers. */
export const RTL_NAMES = ['محمد الأحمد', 'فاطمة حسن', 'יעל כהן', 'דוד לוי'] as const;

export const BUSINESS_WORDS = [
  'Coastal', 'Harbour', 'Southern Cross', 'Blue Gum', 'Ironbark', 'Wattle', 'Red Centre', 'Bayside',
  'Summit', 'Riverbend', 'Eastside', 'Pinnacle', 'Kookaburra', 'Koala', 'Banksia', 'Sandstone',
  'Northern', 'Golden Wattle', 'Outback', 'Lighthouse', 'Tasman', 'Kauri', 'Silver Fern', 'Pacific',
] as const;

export const BUSINESS_TRADES = [
  'Plumbing', 'Electrical', 'Cabinetry', 'Landscaping', 'Logistics', 'Dental', 'Physiotherapy', 'Cafe',
  'Constructions', 'Consulting', 'Property Group', 'Motors', 'Bakery', 'Veterinary Clinic', 'Roofing',
  'Legal', 'IT Services', 'Hospitality', 'Engineering', 'Earthmoving', 'Florist', 'Pharmacy', 'Design Studio',
  'Holdings', 'Investments', 'Farming', 'Vineyards', 'Transport', 'Fitness', 'Architects',
] as const;

export interface Place {
  readonly city: string;
  readonly region: string;
  readonly postCode: string;
  readonly country: string;
  /** How a local landline starts, e.g. `(02) 9`. */
  readonly landlinePrefix: string;
}

/** Postcodes such as `0800` must stay strings with their leading zero. */
export const AU_PLACES: readonly Place[] = [
  { city: 'Sydney', region: 'NSW', postCode: '2000', country: 'Australia', landlinePrefix: '(02) 9' },
  { city: 'Parramatta', region: 'NSW', postCode: '2150', country: 'Australia', landlinePrefix: '(02) 9' },
  { city: 'Chatswood', region: 'NSW', postCode: '2067', country: 'Australia', landlinePrefix: '(02) 9' },
  { city: 'Newcastle', region: 'NSW', postCode: '2300', country: 'Australia', landlinePrefix: '(02) 4' },
  { city: 'Wollongong', region: 'NSW', postCode: '2500', country: 'Australia', landlinePrefix: '(02) 4' },
  { city: 'Melbourne', region: 'VIC', postCode: '3000', country: 'Australia', landlinePrefix: '(03) 9' },
  { city: 'Richmond', region: 'VIC', postCode: '3121', country: 'Australia', landlinePrefix: '(03) 9' },
  { city: 'Geelong', region: 'VIC', postCode: '3220', country: 'Australia', landlinePrefix: '(03) 5' },
  { city: 'Brisbane', region: 'QLD', postCode: '4000', country: 'Australia', landlinePrefix: '(07) 3' },
  { city: 'Southport', region: 'QLD', postCode: '4215', country: 'Australia', landlinePrefix: '(07) 5' },
  { city: 'Cairns', region: 'QLD', postCode: '4870', country: 'Australia', landlinePrefix: '(07) 4' },
  { city: 'Adelaide', region: 'SA', postCode: '5000', country: 'Australia', landlinePrefix: '(08) 8' },
  { city: 'Glenelg', region: 'SA', postCode: '5045', country: 'Australia', landlinePrefix: '(08) 8' },
  { city: 'Perth', region: 'WA', postCode: '6000', country: 'Australia', landlinePrefix: '(08) 9' },
  { city: 'Fremantle', region: 'WA', postCode: '6160', country: 'Australia', landlinePrefix: '(08) 9' },
  { city: 'Hobart', region: 'TAS', postCode: '7000', country: 'Australia', landlinePrefix: '(03) 6' },
  { city: 'Launceston', region: 'TAS', postCode: '7250', country: 'Australia', landlinePrefix: '(03) 6' },
  { city: 'Darwin', region: 'NT', postCode: '0800', country: 'Australia', landlinePrefix: '(08) 8' },
  { city: 'Alice Springs', region: 'NT', postCode: '0870', country: 'Australia', landlinePrefix: '(08) 8' },
  { city: 'Canberra', region: 'ACT', postCode: '2600', country: 'Australia', landlinePrefix: '(02) 6' },
];

export const NZ_PLACES: readonly Place[] = [
  { city: 'Auckland', region: 'Auckland', postCode: '1010', country: 'New Zealand', landlinePrefix: '09 3' },
  { city: 'Wellington', region: 'Wellington', postCode: '6011', country: 'New Zealand', landlinePrefix: '04 4' },
  { city: 'Christchurch', region: 'Canterbury', postCode: '8011', country: 'New Zealand', landlinePrefix: '03 3' },
  { city: 'Hamilton', region: 'Waikato', postCode: '3204', country: 'New Zealand', landlinePrefix: '07 8' },
  { city: 'Dunedin', region: 'Otago', postCode: '9016', country: 'New Zealand', landlinePrefix: '03 4' },
  { city: 'Tauranga', region: 'Bay of Plenty', postCode: '3110', country: 'New Zealand', landlinePrefix: '07 5' },
];

export const OTHER_PLACES: readonly Place[] = [
  { city: 'London', region: '', postCode: 'EC1A 1BB', country: 'United Kingdom', landlinePrefix: '020 7' },
  { city: 'Manchester', region: '', postCode: 'M1 1AE', country: 'United Kingdom', landlinePrefix: '0161 4' },
  { city: 'Edinburgh', region: '', postCode: 'EH1 1YZ', country: 'United Kingdom', landlinePrefix: '0131 2' },
  { city: 'Singapore', region: '', postCode: '018956', country: 'Singapore', landlinePrefix: '6' },
  { city: 'San Francisco', region: 'CA', postCode: '94105', country: 'United States', landlinePrefix: '415 5' },
];

export const STREET_NAMES = [
  'George', 'Pitt', 'Elizabeth', 'Queen', 'King', 'Victoria', 'Albert', 'Church', 'High', 'Station',
  'Railway', 'Beach', 'Ocean', 'Park', 'Hill', 'Bridge', 'Mountain', 'Wattle', 'Banksia', 'Jacaranda',
  'Marine', 'Esplanade', 'Macquarie', 'Hunter', 'Collins', 'Flinders', 'Swanston', 'Ann', 'Adelaide', 'Murray',
] as const;

export const STREET_TYPES = ['Street', 'Road', 'Avenue', 'Parade', 'Crescent', 'Drive', 'Lane', 'Place', 'Terrace', 'Highway'] as const;

/** Free-mail domains as faker-style data generators use them; client businesses get invented domains. */
export const PERSONAL_EMAIL_DOMAINS = [
  'gmail.com', 'outlook.com', 'hotmail.com', 'bigpond.com', 'bigpond.net.au', 'icloud.com', 'yahoo.com.au', 'optusnet.com.au',
] as const;
export const NZ_EMAIL_DOMAINS = ['xtra.co.nz', 'gmail.com', 'slingshot.co.nz'] as const;

export const REFERRAL_SOURCES = ['', '', 'Referral', 'Website', 'Existing client', 'Bank manager', 'Google', 'Seminar'] as const;

export const NOTE_TITLES = [
  'Engagement letter', 'Tax return lodged', 'ASIC annual review', 'Meeting notes', 'BAS query', 'Phone call',
  'Payment plan', 'Year-end checklist', 'Change of address', 'Trust distribution minutes', 'Super contributions', 'Records received',
] as const;

export const NOTE_FOLDERS = ['General', 'Tax', 'Compliance', 'Correspondence'] as const;

/** Sentences notes are built from; some carry characters that must be escaped in XML. */
export const NOTE_SENTENCES = [
  'Client called about the status of their return and was told it should be lodged by the end of the month.',
  'Sent the engagement letter by email; signed copy received and filed.',
  'Discussed the timing of asset purchases before 30 June & the instant asset write-off.',
  'Bank statements for the last quarter are still outstanding; follow up next week.',
  'Reminder: the client prefers to be contacted by phone in the mornings, not by email.',
  'Trust minutes need to be prepared before 30 June so distributions are valid.',
  'Reviewed the division 7A loan repayments; minimum repayment of $4,250 is due < 30 June.',
  'Partner signed off the financial statements; copies sent to the bank for the annual review.',
  'Client asked whether "home office" costs can be claimed; sent the fact sheet.',
  'Changed the BAS cycle from quarterly to monthly at the client\'s request.',
  'Received the depreciation schedule from the quantity surveyor.',
  'New director appointed; ASIC form 484 lodged.',
] as const;

export const POSITIONS_COMPANY = ['Director', 'Managing Director', 'Office Manager', 'Accounts Payable', 'Bookkeeper', 'Company Secretary', 'CFO', 'Owner'] as const;

export const BILLING_TYPES = [
  { name: 'Standard', costMarkup: '0.00', paymentTerm: 'WithinDays', paymentDay: '14' },
  { name: '20th of Month', costMarkup: '0.00', paymentTerm: 'DayOfMonth', paymentDay: '20' },
  { name: '7 Days', costMarkup: '10.00', paymentTerm: 'WithinDays', paymentDay: '7' },
] as const;

/** Formula-looking but valid free text: a CSV export must neutralise these (PRODUCT.md U2). */
export const FORMULA_TEXTS = ['=SUM(A1:A9)', '+61 2 9999 0000 ext 4', '-2+3', '@SUM(B2)', '=HYPERLINK("http://example.com","click")'] as const;

/** Valid strings with XML/HTML-significant characters. */
export const MARKUP_NAMES = [
  'Smith & Sons Pty Ltd', 'A <B> Consulting', 'The "Best" Cafe', "O'Reilly & O'Neill", 'Jones & Co <Trustee>',
] as const;
