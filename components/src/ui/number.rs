/// A whole amount with thousands separators, e.g. `12,400`: how every
/// exercise writes money and counts.
pub fn grouped(amount: u64) -> String {
    let digits = amount.to_string();
    let mut grouped = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}
