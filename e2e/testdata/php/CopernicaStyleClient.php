<?php
/**
 * A REST client that talks to its server the way Copernica's official PHP
 * class does (Kopernik's conventions.md §11 lists what the server relies on):
 *
 *  - GET goes to https://HOST/v{N}/{resource}?{query}; the body is decoded
 *    only when the content type is exactly application/json, otherwise the
 *    raw text is returned; a failed transfer returns false;
 *  - POST, PUT and DELETE go to HOST/v{N}/{resource}?access_token=… without
 *    a scheme, so curl speaks plain HTTP to the same host and port; the body
 *    is always JSON ([] when there is no data, DELETE included);
 *  - a write returns false for a 400 or when no answer came, the digits of an
 *    X-Created header (read from the raw headers) when there is one, and true
 *    otherwise; redirects are never followed;
 *  - the token travels as the access_token query parameter in every version,
 *    and queries are built with http_build_query.
 *
 * Written for Kopernik's tests; only the host differs from a client of
 * Copernica itself. TLS trust comes from php.ini (curl.cainfo /
 * openssl.cafile), as it would for the official class.
 */
class CopernicaStyleClient
{
    private $token;
    private $version;
    private $host;

    public function __construct($token, $version = 2, $host = 'api.copernica.com')
    {
        $this->token = $token;
        $this->version = $version;
        $this->host = $host;
    }

    public function get($resource, array $parameters = array())
    {
        $parameters['access_token'] = $this->token;
        $url = 'https://' . $this->host . '/v' . $this->version . '/' . $resource . '?' . http_build_query($parameters);
        $curl = curl_init($url);
        curl_setopt($curl, CURLOPT_RETURNTRANSFER, true);
        $body = curl_exec($curl);
        if ($body === false) {
            curl_close($curl);
            return false;
        }
        $type = curl_getinfo($curl, CURLINFO_CONTENT_TYPE);
        curl_close($curl);
        if ($type !== 'application/json') {
            return $body;
        }
        return json_decode($body, true);
    }

    public function post($resource, array $data = array())
    {
        return $this->write('POST', $resource, $data);
    }

    public function put($resource, $data, array $parameters = array())
    {
        return $this->write('PUT', $resource, $data, $parameters);
    }

    public function delete($resource)
    {
        return $this->write('DELETE', $resource, array());
    }

    private function write($method, $resource, $data, array $parameters = array())
    {
        $parameters['access_token'] = $this->token;
        // No scheme: curl falls back to plain HTTP.
        $url = $this->host . '/v' . $this->version . '/' . $resource . '?' . http_build_query($parameters);
        $json = json_encode($data);
        $curl = curl_init($url);
        curl_setopt($curl, CURLOPT_RETURNTRANSFER, true);
        curl_setopt($curl, CURLOPT_HEADER, true);
        curl_setopt($curl, CURLOPT_CUSTOMREQUEST, $method);
        curl_setopt($curl, CURLOPT_POSTFIELDS, $json);
        curl_setopt($curl, CURLOPT_HTTPHEADER, array(
            'content-type: application/json',
            'content-length: ' . strlen($json),
        ));
        $answer = curl_exec($curl);
        $status = curl_getinfo($curl, CURLINFO_HTTP_CODE);
        curl_close($curl);
        if ($answer === false || $status == 400) {
            return false;
        }
        if (preg_match('/^x-created: ?(\d+)/mi', $answer, $m)) {
            return $m[1];
        }
        return true;
    }
}
