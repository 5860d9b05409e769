use super::*;
use crate::graph::analytics::ButtonClicks;

/// 2026-12-06 12:00 UTC.
const NOW: i64 = 1_796_515_200 + 12 * 3600;

fn point(id: &str, day: i64, sent: u64, read: u64, clicks: &[(&str, u64)]) -> DataPoint {
    DataPoint {
        template_id: id.into(),
        start: day,
        end: day + 86_400,
        sent: Some(sent),
        delivered: Some(sent),
        read: Some(read),
        clicked: Some(
            clicks
                .iter()
                .map(|(kind, count)| ButtonClicks {
                    kind: (*kind).into(),
                    button_content: Some("Shop".into()),
                    count: *count,
                })
                .collect(),
        ),
    }
}

#[test]
fn since_reads_days_and_dates_within_the_lookback() {
    let week = Period::parse("7d", NOW).unwrap();
    assert_eq!(week.days, 7);
    assert_eq!(week.date(0), "2026-11-30");
    assert_eq!(week.date(6), "2026-12-06");
    assert_eq!(Period::parse("2026-12-01", NOW).unwrap().days, 6);
    assert_eq!(Period::parse("2026-12-06", NOW).unwrap().days, 1);
    assert!(Period::parse("90d", NOW).is_ok());
    let too_far = Period::parse("91d", NOW).unwrap_err();
    assert!(too_far.contains("90 days"), "{too_far}");
    assert!(
        Period::parse("2026-12-07", NOW)
            .unwrap_err()
            .contains("future")
    );
    assert!(Period::parse("0d", NOW).is_err());
    assert!(Period::parse("last week", NOW).unwrap_err().contains("7d"));
}

#[test]
fn figures_add_up_per_template_per_day_and_unique_clicks_are_not_counted_twice() {
    let period = Period::parse("3d", NOW).unwrap();
    let first = period.first_day;
    let points = [
        point(
            "1",
            first,
            4,
            2,
            &[("url_button", 2), ("unique_url_button", 1)],
        ),
        point("1", first + 2 * 86_400, 6, 3, &[("quick_reply_button", 1)]),
        // Outside the period, and a template not declared: left out.
        point("1", first - 86_400, 100, 100, &[]),
        point("9", first, 100, 100, &[]),
    ];
    let declared = vec![
        ("promo".to_owned(), "en_US".to_owned(), Some("1".to_owned())),
        ("missing".to_owned(), "en_US".to_owned(), None),
    ];
    let rows = templates(&declared, &points, &period);
    assert_eq!(rows[0].name, "missing");
    assert_eq!(rows[0].figures.counts, Counts::default());
    assert_eq!(rows[0].figures.read_rate, None);
    let promo = &rows[1];
    assert_eq!(
        promo.figures.counts,
        Counts {
            sent: 10,
            delivered: 10,
            read: 5,
            clicked: 3
        }
    );
    assert_eq!(promo.figures.read_rate, Some(0.5));
    assert_eq!(promo.figures.click_rate, Some(0.3));
    let sent: Vec<u64> = promo.days.iter().map(|d| d.counts.sent).collect();
    assert_eq!(sent, [4, 0, 6]);
    let total = set("total", &rows, &period, |_| true);
    assert_eq!((total.templates, total.figures.counts.sent), (2, 10));
    let group = set("spring", &rows, &period, |t| t.name == "missing");
    assert_eq!((group.templates, group.figures.counts.sent), (1, 0));
    assert_eq!(group.days.len(), 3);
}

#[test]
fn templates_are_asked_ten_a_call() {
    let ids: Vec<String> = (0..25).map(|i| i.to_string()).collect();
    let sizes: Vec<usize> = batches(&ids).map(<[String]>::len).collect();
    assert_eq!(sizes, [10, 10, 5]);
}
