import { headOfficeReportReaders, reportReaders } from '../../shared/http/routes/care-and-reports.ts';
import { officeReaders } from '../../shared/http/routes/offices.ts';
import { routes } from '../../shared/http/routes.ts';
import { reportLinks, visibleReportLinks } from '../../web/console/src/reports/report-nav.ts';

describe('the report pages in the console navigation', () => {
  it('are shown to exactly the roles that may read their API route', () => {
    expect(reportLinks.complaints.roles).toEqual(headOfficeReportReaders);
    expect(reportLinks.pareto.roles).toEqual(headOfficeReportReaders);
    expect(reportLinks.returns.roles).toEqual(headOfficeReportReaders);
    expect(reportLinks.satisfaction.roles).toEqual(reportReaders);
    expect(reportLinks.offices.roles).toEqual(officeReaders);
    expect(reportLinks.parts.roles).toEqual([...headOfficeReportReaders, 'warehouse']);
    expect(reportLinks.parts.api).toBe(routes.getPartsReport.path);
  });

  it('export the route each page reads', () => {
    expect(reportLinks.pareto.api).toBe('/v1/reports/complaints/pareto');
    expect(reportLinks.offices.api).toBe('/v1/reports/offices');
  });

  it("give an office user their office's satisfaction and league table only", () => {
    expect(visibleReportLinks(['office']).map((link) => link.name)).toEqual(['satisfaction', 'offices']);
  });

  it('give a manager every report, and a warehouse user the spare-parts report only', () => {
    expect(visibleReportLinks(['manager']).map((link) => link.name)).toEqual([
      'complaints',
      'pareto',
      'returns',
      'satisfaction',
      'offices',
      'parts',
    ]);
    expect(visibleReportLinks(['warehouse']).map((link) => link.name)).toEqual(['parts']);
  });
});
