<?php
/**
 * Reads and writes through CopernicaStyleClient against a Kopernik server:
 * php roundtrip.php HOST:PORT TOKEN
 *
 * Prints one line per step ("ok STEP" or "FAIL STEP: …") and a count;
 * exits 1 when a step failed.
 */
require __DIR__ . '/CopernicaStyleClient.php';

if ($argc < 3) {
    fwrite(STDERR, "usage: php roundtrip.php HOST:PORT TOKEN [VERSION]\n");
    exit(2);
}
$api = new CopernicaStyleClient($argv[2], isset($argv[3]) ? (int)$argv[3] : 2, $argv[1]);

$passed = 0;
$failed = 0;
function check($step, $ok, $detail)
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
        echo "ok $step\n";
    } else {
        $failed++;
        echo "FAIL $step: " . var_export($detail, true) . "\n";
    }
}

// A GET over https: false here means the TLS side did not answer (or the
// CA is not trusted).
$dbs = $api->get('databases');
check('GET databases over https', is_array($dbs) && isset($dbs['data']), $dbs);

$db = $api->post('databases', array('name' => 'php_shop'));
check('POST databases over http returns X-Created', is_string($db) && ctype_digit($db), $db);

$field = $api->post("database/$db/fields", array('name' => 'email', 'type' => 'email'));
check('POST field', is_string($field) && ctype_digit($field), $field);

$pid = $api->post("database/$db/profiles", array('fields' => array('email' => 'ann@example.org')));
check('POST profile returns its ID', is_string($pid) && ctype_digit($pid), $pid);

$profile = $api->get("profile/$pid");
check('GET profile reads what POST wrote',
    is_array($profile) && $profile['ID'] === $pid && $profile['fields']['email'] === 'ann@example.org', $profile);

$list = $api->get("database/$db/profiles", array('fields' => array('email==ann@example.org'), 'total' => true));
check('GET filtered list (fields[0]=… as http_build_query sends it)',
    is_array($list) && $list['total'] === 1 && $list['data'][0]['ID'] === $pid, $list);

$put = $api->put("profile/$pid", array('fields' => array('email' => 'bob@example.org')));
check('PUT profile (a 303 not followed) is true', $put === true, $put);

$profile = $api->get("profile/$pid/fields");
check('GET over https sees the PUT over http', is_array($profile) && $profile['email'] === 'bob@example.org', $profile);

$bulk = $api->put("database/$db/profiles", array('fields' => array('email' => 'new@example.org')),
    array('fields' => array('email==nobody@example.org'), 'create' => true));
check('PUT with create=1 returns the created ID from X-Created', is_string($bulk) && ctype_digit($bulk) && $bulk !== $pid, $bulk);

$unknown = $api->post('database/999999/fields', array('name' => 'x'));
check('a refused write is false', $unknown === false, $unknown);

$err = $api->get('database/999999');
check('a GET error is decoded JSON', is_array($err) && $err['error']['message'] === 'No database with supplied ID', $err);

$del = $api->delete("profile/$pid");
check('DELETE profile is true', $del === true, $del);

$gone = $api->get("profile/$pid");
check('GET after DELETE sees it removed', is_array($gone) && $gone['removed'] !== false, $gone);

echo "steps: $passed ok, $failed failed\n";
exit($failed > 0 ? 1 : 0);
