import { BOM, csvCell, csvLine, encodeCsv } from '../../shared/http/csv.ts';

describe('a CSV cell', () => {
  it('is the text itself when it needs no quoting, Chinese included', () => {
    expect(csvCell('北京市第一中学')).toBe('北京市第一中学');
  });

  it.each([
    ['a comma', 'A, B', '"A, B"'],
    ['a quote, doubled inside', '他说"好"', '"他说""好"""'],
    ['a line feed', '第一行\n第二行', '"第一行\n第二行"'],
    ['a carriage return', 'a\r\nb', '"a\r\nb"'],
  ])('is quoted when it holds %s', (_, text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it.each([
    ['=', '=1+1', "'=1+1"],
    ['+', '+86 10 1234 5678', "'+86 10 1234 5678"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['a tab', '\t=1', "'\t=1"],
  ])(
    'starting with %s gets an apostrophe so that a spreadsheet shows it instead of running it',
    (_, text, cell) => {
      expect(csvCell(text)).toBe(cell);
    },
  );

  it('defuses a formula that also needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","点击")')).toBe('"\'=HYPERLINK(""http://x"",""点击"")"');
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
  });

  it('writes numbers as they are, negative ones too (they are ours, not user text)', () => {
    expect(csvCell(0.8571)).toBe('0.8571');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('is empty for undefined and null', () => {
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell('')).toBe('');
  });
});

describe('a CSV document', () => {
  const table = {
    header: ['编号', '单位'],
    rows: [
      ['TS-1', '甲, 乙'],
      ['TS-2', undefined],
    ],
  };

  it('starts with the BOM and the header row and ends every line with CRLF', () => {
    expect(encodeCsv(table)).toBe(`${BOM}编号,单位\r\nTS-1,"甲, 乙"\r\nTS-2,\r\n`);
  });

  it('leaves out BOM and header for a page to append, so pages concatenate into one file', () => {
    const first = encodeCsv({ header: table.header, rows: table.rows.slice(0, 1) });
    const second = encodeCsv({ header: table.header, rows: table.rows.slice(1) }, false);

    expect(second).toBe('TS-2,\r\n');
    expect(first + second).toBe(encodeCsv(table));
  });

  it('is only the header for no rows, and nothing at all for an empty later page', () => {
    expect(encodeCsv({ header: ['a'], rows: [] })).toBe(`${BOM}a\r\n`);
    expect(encodeCsv({ header: ['a'], rows: [] }, false)).toBe('');
  });

  it('encodes one record per line', () => {
    expect(csvLine(['a', 1, true, null])).toBe('a,1,true,\r\n');
  });
});
